import { ELIDED } from './recording-fetch.js';
import { type Identities, type IdentityPlace, identityPlaces } from './shown-token.js';

/** An RFC 7662 introspection answer as the page shows it: allow-listed members in clear. */
export interface ShownIntrospection {
  readonly label: string;
  /** The answer's members; any member not known to be harmless reads `‹elided›`. */
  readonly claims: Record<string, unknown>;
  readonly places: readonly IdentityPlace[];
}

/**
 * Written out in full: RFC 7662 §2.2's members and the vendors' identity claims. Anything else is
 * elided, `jti` first of all: oidc-provider's opaque token value is its `jti`.
 */
const CLEAR_MEMBERS = new Set([
  'active',
  'iss',
  'aud',
  'exp',
  'iat',
  'nbf',
  'scope',
  'scp',
  'client_id',
  'token_type',
  'sub',
  'act',
  'azp',
  'appid',
  'cid',
  'uid',
  'oid',
  'tid',
  'ver',
  'roles',
  'permissions',
  'gty',
  'realm_access',
  'resource_access',
]);

/** The answer of the IdP's introspection endpoint, with every member not allow-listed elided. */
export function shownIntrospection(
  label: string,
  answer: Record<string, unknown>,
  ids: Identities,
): ShownIntrospection {
  const claims = Object.fromEntries(
    Object.entries(answer).map(([name, value]) => [name, CLEAR_MEMBERS.has(name) ? value : ELIDED]),
  );
  return { label, claims, places: identityPlaces(claims, ids) };
}

/**
 * A fetch that passes every request to `fetch` and appends each JSON answer to `answers`, for an
 * introspection client whose answers the page shows (through {@link shownIntrospection} only).
 */
export function answerRecordingFetch(
  fetch: typeof globalThis.fetch,
  answers: Record<string, unknown>[],
): typeof globalThis.fetch {
  return async (input, init) => {
    const response = await fetch(input, init);
    const answer: unknown = await response
      .clone()
      .json()
      .catch(() => undefined);
    if (typeof answer === 'object' && answer !== null && !Array.isArray(answer)) {
      answers.push(answer as Record<string, unknown>);
    }
    return response;
  };
}
