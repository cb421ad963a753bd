import { type SubjectToken, TOKEN_TYPE } from '@dual-auth/core';
import type { FormFields } from '@dual-auth/core/adapter-kit';

/** RFC 8693 §2.1 `grant_type` of token exchange. */
export const TOKEN_EXCHANGE_GRANT = 'urn:ietf:params:oauth:grant-type:token-exchange';
/** RFC 7523 §2.1 `grant_type` of a JWT authorization grant. */
export const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

/** What a token-exchange request sends besides the client's authentication. */
export interface TokenExchangeFields {
  readonly subjectToken: SubjectToken;
  /** The agent's own access token (RFC 8693 `actor_token`), when the IdP wants one. */
  readonly actorToken?: string | undefined;
  readonly requestedTokenType: string;
  /** RFC 8693 `audience`: the logical name of the target (the API, or an authorization server). */
  readonly audience?: string | undefined;
  /** RFC 8707 `resource`: the API's URL. */
  readonly resource?: string | undefined;
  readonly scope: readonly string[];
}

function optional(name: string, value: string | undefined): FormFields {
  return value === undefined || value === '' ? [] : [[name, value]];
}

/**
 * The RFC 8693 §2.1 token-exchange fields, in the RFC's order: `grant_type`, `resource`,
 * `audience`, `scope`, `requested_token_type`, `subject_token`, `subject_token_type`, then
 * `actor_token` and `actor_token_type` when an actor token is sent.
 */
export function tokenExchangeForm(fields: TokenExchangeFields): FormFields {
  return [
    ['grant_type', TOKEN_EXCHANGE_GRANT],
    ...optional('resource', fields.resource),
    ...optional('audience', fields.audience),
    ...optional('scope', fields.scope.join(' ')),
    ['requested_token_type', fields.requestedTokenType],
    ['subject_token', fields.subjectToken.value],
    ['subject_token_type', fields.subjectToken.type],
    ...(fields.actorToken === undefined
      ? []
      : ([
          ['actor_token', fields.actorToken],
          ['actor_token_type', TOKEN_TYPE.accessToken],
        ] as FormFields)),
  ];
}

/**
 * An RFC 7523 §2.1 jwt-bearer grant with `assertion`: the ID-JAG at the resource's authorization
 * server, or, with `onBehalfOf`, the human's token in a Microsoft identity platform on-behalf-of
 * request (`requested_token_use=on_behalf_of`).
 */
export function jwtBearerGrantForm(
  assertion: string,
  scope: readonly string[],
  options: { onBehalfOf?: boolean; resource?: string | undefined } = {},
): FormFields {
  return [
    ['grant_type', JWT_BEARER_GRANT],
    ['assertion', assertion],
    ...optional('scope', scope.join(' ')),
    ...(options.onBehalfOf ? ([['requested_token_use', 'on_behalf_of']] as FormFields) : []),
    ...optional('resource', options.resource),
  ];
}
