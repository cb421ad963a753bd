import type { TokenProfile } from '@dual-auth/core/jwt';
import { type LocalIdp, loadTokenProfile } from '@dual-auth/testing';
import type { SubjectCheck } from '../../src/authorize.js';
import type { DualAuthGuardOptions } from '../../src/dual-auth-guard.js';
import { agentHasRole, agentHasScope } from '../../src/subject-checks.js';
import {
  createTokenIntrospection,
  type TokenIntrospectionOptions,
} from '../../src/token-introspection.js';
import { PROFILE } from './token-kit.js';
import { VENDORS } from './vendors.js';

/** The reference's four vendors, then the standards-based OAuth IdP. */
export const IDP_VENDORS = [...VENDORS, 'oauth'] as const;

/** One of {@link IDP_VENDORS}. */
export type IdpVendor = (typeof IDP_VENDORS)[number];

/** The token profile each vendor's adapter package exports. */
export const IDP_PROFILES: Record<IdpVendor, TokenProfile> = {
  ...PROFILE,
  oauth: await loadTokenProfile('oauth'),
};

/** What marks `finance-agent` as pre-approved at `idp`: the role or scope its profile names. */
export function idpAgentCheck(idp: LocalIdp): SubjectCheck {
  const { kind, name } = idp.profile.agentGrant;
  return kind === 'role' ? agentHasRole(name) : agentHasScope(name);
}

/**
 * What every API of these tests gives its guard for the local IdP `idp`: the vendor's token
 * profile, the IdP's issuer, audience and JWKS (fetched over its TLS), the guide's agent rule and,
 * for Entra ID, the act assertion signed by the IdP's app key. A test adds its human rule and
 * overrides the rest.
 */
export function idpGuardOptions(idp: LocalIdp) {
  const vendor = idp.vendor as IdpVendor;
  return {
    profile: IDP_PROFILES[vendor],
    issuer: idp.issuer,
    audience: idp.audience,
    jwksUri: idp.jwksUrl,
    fetch: idp.fetch,
    agentAllowed: idpAgentCheck(idp),
    ...(vendor === 'entraid'
      ? { boundActAssertion: { actAudience: idp.audience, appKeys: idp.app.publicKeyPem } }
      : {}),
  } satisfies Partial<DualAuthGuardOptions>;
}

/**
 * The API's introspection of opaque tokens at `idp` (its client secret), sent with `send`;
 * `options` override the defaults.
 */
export function idpIntrospection(
  idp: LocalIdp,
  send: typeof fetch,
  options: Partial<TokenIntrospectionOptions> = {},
) {
  return createTokenIntrospection({
    endpoint: idp.introspectionUrl,
    clientId: idp.apiClient.clientId,
    clientSecret: idp.apiClient.clientSecret,
    fetch: send,
    ...options,
  });
}
