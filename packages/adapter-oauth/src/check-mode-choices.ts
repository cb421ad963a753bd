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
 * registered JWT claim, a login or email claim or a prototype name (`isHumanIdClaimName`).
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
}
