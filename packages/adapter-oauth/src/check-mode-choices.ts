import { ConfigurationError } from '@dual-auth/core';
import { isHumanIdClaimName } from '@dual-auth/core/adapter-kit';
import type { OAuthMode, OAuthPreset, OAuthTokenAuthMethod } from './oauth-config.js';
import { OAUTH_PRESETS } from './oauth-presets.js';

/** The choices {@link checkModeChoices} weighs, as `getConfig` or a hand-made config gives them. */
export interface ModeChoices {
  readonly preset?: OAuthPreset | undefined;
  readonly mode?: OAuthMode | undefined;
  readonly authMethod?: OAuthTokenAuthMethod | undefined;
  readonly issuer?: string | undefined;
  readonly resourceIssuer?: string | undefined;
  readonly humanIdClaim?: string | undefined;
  readonly requestedTokenType?: string | undefined;
}

// RFC 8693 §3: what a token exchange may issue that the API takes as an access token.
const ACCESS_TOKEN_TYPES = [
  'urn:ietf:params:oauth:token-type:access_token',
  'urn:ietf:params:oauth:token-type:jwt',
];

// The exchanged token is the agent's access token to the API: any other type (an ID token, a
// refresh token, a SAML assertion, an ID-JAG) comes back `N_A` (§2.2.1) and every exchange fails.
function checkRequestedTokenType(type: string | undefined, mode: OAuthMode): void {
  if (type === undefined || mode !== 'token-exchange' || ACCESS_TOKEN_TYPES.includes(type)) return;
  throw new ConfigurationError({
    message: `OAUTH_REQUESTED_TOKEN_TYPE must be ${ACCESS_TOKEN_TYPES.join(' (the default) or ')} (RFC 8693 section 3): the exchanged token goes to the API as an access token`,
    variable: 'OAUTH_REQUESTED_TOKEN_TYPE',
  });
}

function checkHumanIdClaim(claim: string | undefined, mode: OAuthMode): void {
  if (claim === undefined) return;
  const problem =
    mode !== 'token-exchange'
      ? 'is read in token-exchange only: unset it'
      : isHumanIdClaimName(claim)
        ? undefined
        : 'must name the claim that holds the user id (Okta: uid), not sub, oid, act, may_act, a client claim, a registered JWT claim (iss, aud, exp, nbf, iat, jti), a login or email claim, or an Object.prototype name';
  if (problem !== undefined) {
    throw new ConfigurationError({
      message: `OAUTH_HUMAN_ID_CLAIM ${problem}`,
      variable: 'OAUTH_HUMAN_ID_CLAIM',
    });
  }
}

/**
 * Refuses choices that contradict one another, so that `getConfig` fails before any adapter is
 * made: an explicit `OAUTH_MODE` other than the `OAUTH_PRESET`'s (the preset is a vendor's recipe
 * for one grant; another mode would silently drop it), and `client_secret_post` in
 * `client-credentials` mode, whose form then has no place for the human (only the client
 * assertion of `client_secret_jwt`/`private_key_jwt` carries the `act`); and an `OAUTH_ISSUER`
 * that would not be compared: in `client-credentials`, or in `id-jag` other than
 * `OAUTH_RESOURCE_ISSUER` (the issuer of the token there); and an `OAUTH_HUMAN_ID_CLAIM` outside
 * `token-exchange`, or that is not a claim name, or names `sub`, `oid`, the actor, `may_act`, the client, a
 * registered JWT claim, a login or email claim or a prototype name (`isHumanIdClaimName`); and in
 * `token-exchange` an `OAUTH_REQUESTED_TOKEN_TYPE` other than the access token or JWT type URI
 * (RFC 8693 §3), which could never be sent to the API.
 *
 * @throws ConfigurationError naming the variables in conflict.
 */
export function checkModeChoices(choices: ModeChoices): void {
  const preset = choices.preset === undefined ? undefined : OAUTH_PRESETS[choices.preset];
  if (preset !== undefined && choices.mode !== undefined && choices.mode !== preset.mode) {
    throw new ConfigurationError({
      message: `OAUTH_MODE ${choices.mode} contradicts OAUTH_PRESET ${String(choices.preset)}, which uses ${preset.mode}: unset OAUTH_MODE, or drop OAUTH_PRESET`,
      variable: 'OAUTH_MODE',
    });
  }
  const mode = choices.mode ?? preset?.mode ?? 'client-credentials';
  const authMethod = choices.authMethod ?? preset?.authMethod;
  if (mode === 'client-credentials' && authMethod === 'client_secret_post') {
    throw new ConfigurationError({
      message:
        'OAUTH_TOKEN_AUTH_METHOD client_secret_post leaves no place for the human in OAUTH_MODE client-credentials; use client_secret_jwt or private_key_jwt, or a delegation mode',
      variable: 'OAUTH_TOKEN_AUTH_METHOD',
    });
  }
  const { issuer } = choices;
  if (
    issuer !== undefined &&
    (mode === 'client-credentials' || (mode === 'id-jag' && issuer !== choices.resourceIssuer))
  ) {
    throw new ConfigurationError({
      message: `OAUTH_ISSUER is compared in token-exchange and on-behalf-of, not in ${mode} (id-jag compares OAUTH_RESOURCE_ISSUER): unset it`,
      variable: 'OAUTH_ISSUER',
    });
  }
  checkHumanIdClaim(choices.humanIdClaim, mode);
  checkRequestedTokenType(choices.requestedTokenType, mode);
}
