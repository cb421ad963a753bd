import type { SubjectCheck } from '../../src/authorize.js';
import { createDualAuthGuard, type DualAuthGuardOptions } from '../../src/dual-auth-guard.js';
import { agentHasRole } from '../../src/subject-checks.js';
import { accessToken, fixedClock, PROFILE, type SigningKey } from './token-kit.js';

/** Two Keycloak realms one API trusts (two tenants of a multi-tenant API). */
export const REALM_A = 'https://kc.example.test/realms/tenant-a';
export const REALM_B = 'https://kc.example.test/realms/tenant-b';

/** A guard trusting both realms with `keys`, the Keycloak agent rule and `humanAllowed`. */
export function twoRealmGuard(
  keys: NonNullable<DualAuthGuardOptions['keys']>,
  humanAllowed: SubjectCheck,
) {
  return createDualAuthGuard({
    profile: PROFILE.keycloak,
    issuer: [REALM_A, REALM_B],
    audience: 'finance-api',
    keys,
    clock: fixedClock,
    agentAllowed: agentHasRole('FinanceAgent'),
    humanAllowed,
  });
}

/** A request with a Keycloak token of `issuer`, signed with `key`. */
export async function requestFrom(issuer: string, key: SigningKey): Promise<Request> {
  const token = await accessToken('keycloak', key, { iss: issuer });
  return new Request('https://api.example.test/accounts/42', {
    headers: { authorization: `Bearer ${token}` },
  });
}
