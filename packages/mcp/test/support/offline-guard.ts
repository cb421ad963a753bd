import { oktaTokenProfile } from '@dual-auth/adapter-okta';
import type { DelegationCutoffStore } from '@dual-auth/core';
import { createDualAuthGuard, type DualAuthGuard } from '@dual-auth/resource';

/**
 * A guard for `resourceServerUrl` whose IdP is never reached (its key is given inline): enough to
 * build a server entry whose options are under test, no token being checked. With `cutoffStore`,
 * the guard has its `delegationCutoff`.
 */
export function offlineGuard(
  resourceServerUrl: URL,
  options: { cutoffStore?: DelegationCutoffStore } = {},
): DualAuthGuard {
  return createDualAuthGuard({
    profile: oktaTokenProfile,
    issuer: 'https://idp.example/oauth2/default',
    audience: resourceServerUrl.href,
    keys: { kty: 'RSA', n: 'AQAB', e: 'AQAB' },
    agentAllowed: () => true,
    humanAllowed: () => true,
    ...options,
  });
}
