import type { DualAuthGuardOptions } from '../../src/dual-auth-guard.js';
import { agentIn, humanIn } from '../../src/subject-checks.js';
import { fixedClock, PROFILE, VENDOR_SETUP } from './token-kit.js';

/**
 * A guard's options for the Keycloak test setup: its issuer and audience, `keys` as given, its
 * agent and `user-123` allowed, at {@link fixedClock}.
 */
export function keycloakGuardOptions(
  keys: NonNullable<DualAuthGuardOptions['keys']>,
): DualAuthGuardOptions {
  const setup = VENDOR_SETUP.keycloak;
  return {
    profile: PROFILE.keycloak,
    issuer: setup.issuer,
    audience: setup.audience,
    keys,
    clock: fixedClock,
    agentAllowed: agentIn([setup.agentId]),
    humanAllowed: humanIn(['user-123']),
  };
}
