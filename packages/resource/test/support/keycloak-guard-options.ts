import type { DualAuthGuardOptions } from '../../src/dual-auth-guard.js';
import { agentIn, humanIn } from '../../src/subject-checks.js';
import type { DualSubjectVerifyOptions } from '../../src/verify-options.js';
import { fixedClock, VENDOR_SETUP, vendorVerifyOptions } from './token-kit.js';

/**
 * The verification options of the Keycloak test setup: its issuer and audience, `keys` as given,
 * at {@link fixedClock}.
 */
export function keycloakVerifyOptions(
  keys: NonNullable<DualSubjectVerifyOptions['keys']>,
): DualSubjectVerifyOptions {
  return vendorVerifyOptions('keycloak', keys);
}

/**
 * A guard's options for the Keycloak test setup: {@link keycloakVerifyOptions}, its agent and
 * `user-123` allowed.
 */
export function keycloakGuardOptions(
  keys: NonNullable<DualAuthGuardOptions['keys']>,
): DualAuthGuardOptions {
  return {
    ...keycloakVerifyOptions(keys),
    agentAllowed: agentIn([VENDOR_SETUP.keycloak.agentId]),
    humanAllowed: humanIn(['user-123']),
  };
}
