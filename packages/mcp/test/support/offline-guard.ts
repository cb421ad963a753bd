import { oktaTokenProfile } from '@dual-auth/adapter-okta';
import {
  createDualAuthGuard,
  type DualAuthGuard,
  type DualAuthGuardOptions,
} from '@dual-auth/resource';

/**
 * A guard for `resourceServerUrl` whose IdP is never reached (its key is given inline): enough to
 * build a server entry whose options are under test, or to refuse a request before any key is
 * used. With `cutoffStore`, the guard has its `delegationCutoff`; with `dpop`, it takes DPoP;
 * `onDecision` gets its audit records.
 */
export function offlineGuard(
  resourceServerUrl: URL,
  options: Pick<DualAuthGuardOptions, 'cutoffStore' | 'dpop' | 'onDecision'> = {},
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
