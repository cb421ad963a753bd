import type { DoctorAdvice, DoctorCheckId, DoctorFix, VendorConfig } from '@dual-auth/core';
import type { DelegationLayout } from '@dual-auth/core/jwt';
import type { OAuthConfig } from './oauth-config.js';
import { OAUTH_PRESETS } from './oauth-presets.js';
import { oauthTokenProfile } from './oauth-token-profile.js';

const RFC = 'https://www.rfc-editor.org/rfc';
const CLIENT = 'Authorization server → Clients → <agent client>';

const FIXES: Readonly<Record<DoctorCheckId, DoctorFix>> = {
  'token-endpoint': {
    fix: 'OAUTH_TOKEN_URL must be the token_endpoint of the server’s metadata (RFC 8414), reachable from here.',
    consolePath:
      'Authorization server → Metadata (/.well-known/oauth-authorization-server) → token_endpoint',
    docs: `${RFC}/rfc8414#section-2`,
  },
  'client-authentication': {
    fix: 'Register the agent client with the method of OAUTH_TOKEN_AUTH_METHOD and check its secret or key; the client assertion’s aud (OAUTH_ASSERTION_AUDIENCE) must be what the server accepts, its token endpoint or issuer (RFC 7523 §3).',
    consolePath: `${CLIENT} → Client authentication`,
    docs: `${RFC}/rfc7523#section-3`,
  },
  human: {
    fix: 'Make the server copy the client assertion’s "act" claim into the access token (a claim mapping on the client).',
    consolePath: `${CLIENT} → Token claims → act`,
    docs: `${RFC}/rfc8693#section-4.1`,
  },
  audience: {
    fix: 'Issue the token for the API: register the API as a resource whose identifier is the "aud" it checks (API_AUDIENCE).',
    consolePath: 'Authorization server → Resources (APIs) → <API> → Identifier',
    docs: `${RFC}/rfc8707#section-2`,
  },
  scopes: {
    fix: 'Allow the agent client the scopes the API requires.',
    consolePath: `${CLIENT} → Allowed scopes`,
    docs: `${RFC}/rfc6749#section-3.3`,
  },
  'agent-role': {
    fix: 'A standards-based server puts no roles in RFC 9068 tokens: grant the agent a scope and check it as a scope (--scope).',
    consolePath: `${CLIENT} → Allowed scopes`,
    docs: `${RFC}/rfc9068#section-2.2.3`,
  },
  lifetime: {
    fix: 'Lower the access-token lifetime of the server or the client to what the API accepts.',
    consolePath: `${CLIENT} → Token lifetime`,
    docs: `${RFC}/rfc9068#section-2.2`,
  },
};

const DELEGATED: Readonly<Partial<Record<DoctorCheckId, DoctorFix>>> = {
  human: {
    fix: 'Let the agent client exchange the human’s token (token exchange / on-behalf-of / ID-JAG enabled for it, the subject token’s audience or may_act naming it), so the issued token has the human’s user id in "sub" (or in OAUTH_HUMAN_ID_CLAIM where "sub" is a login: Okta’s "uid") and the agent in "act.sub" (Entra on-behalf-of: in azp/appid with xms_act_fct).',
    consolePath: `${CLIENT} → Grant types → token exchange`,
    docs: `${RFC}/rfc8693#section-4.1`,
  },
  audience: {
    fix: 'Issue the token for the API: register the API (an MCP server: its URL) as a resource at the server, and have the agent ask for it with OAUTH_RESOURCE (the RFC 8707 resource parameter) or, where the server takes an audience parameter instead, API_AUDIENCE; the "aud" must be what the API checks.',
    consolePath: 'Authorization server → Resources (APIs) → <API> → Identifier',
    docs: `${RFC}/rfc8707#section-2`,
  },
};

function layout(config: VendorConfig): DelegationLayout {
  const { mode, preset } = config as OAuthConfig;
  const delegation = mode ?? (preset === undefined ? undefined : OAUTH_PRESETS[preset].mode);
  return delegation === undefined || delegation === 'client-credentials' ? 'legacy' : 'rfc8693';
}

/**
 * What to change on a standards-based authorization server when a `dual-auth doctor` check fails,
 * by the RFC each rule comes from; the delegation modes (`OAUTH_MODE`, or an `OAUTH_PRESET`'s)
 * issue the RFC 8693 layout, whose human is `OAUTH_HUMAN_ID_CLAIM` (an `OAUTH_PRESET`'s: Okta's `uid`)
 * or else `sub`; a preset's tokens are judged with its vendor's token profile, as the API reads them
 * (`tokenProfileVendor`: `OAUTH_PRESET=entraid` → `entraIdTokenProfile`).
 */
export const oauthDoctorAdvice: DoctorAdvice = {
  tokenProfile: oauthTokenProfile,
  layout,
  tokenProfileVendor: (config) => {
    const { preset } = config as OAuthConfig;
    return preset === undefined ||
      layout(config) === 'legacy' ||
      OAUTH_PRESETS[preset].issuedByPresetVendor !== true
      ? undefined
      : preset;
  },
  humanIdClaim: (config) => {
    const { humanIdClaim, preset } = config as OAuthConfig;
    return humanIdClaim ?? (preset === undefined ? undefined : OAUTH_PRESETS[preset].humanIdClaim);
  },
  fixFor: (check, layout) => (layout === 'rfc8693' ? DELEGATED[check] : undefined) ?? FIXES[check],
};
