import { InMemoryDelegationCutoffStore } from '@dual-auth/core';
import { endDelegation } from '@dual-auth/session';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  accessToken,
  createSigningKey,
  NOW,
  NOW_S,
  PROFILE,
  type SigningKey,
  VENDOR_SETUP,
} from '../test/support/token-kit.js';
import { createDualAuthGuard } from './dual-auth-guard.js';
import { agentHasRole } from './subject-checks.js';

// Attack (time): `endDelegation` keeps the cut-off for `keepMs` (default 24 h) + 30 s, "twice the
// guard's default clock tolerance". But the guard allows three tolerances past the cut-off, not
// two: it refuses a token whose `iat` is up to 15 s after the cut-off (the IdP's clock may be
// ahead), accepts an `exp - iat` of its `maxTokenLifetimeSeconds` (24 h) + 15 s, and accepts the
// token 15 s past its `exp`. Such a token, refused as minted before the cut-off, is accepted again
// in the last 15 s of its life, once the cut-off has been forgotten.

let idpKey: SigningKey;
beforeAll(async () => {
  idpKey = await createSigningKey('idp');
});

describe('attack: the cut-off forgotten before the last token it refused has expired', () => {
  it('still refuses, at its last accepted second, a token refused as minted before the cut-off', async () => {
    const time = { ms: NOW };
    const clock = { now: () => time.ms };
    const cutoffStore = new InMemoryDelegationCutoffStore({ clock });
    const setup = VENDOR_SETUP.keycloak;
    const guard = createDualAuthGuard({
      profile: PROFILE.keycloak,
      issuer: setup.issuer,
      audience: setup.audience,
      keys: idpKey.publicKey,
      clock,
      cutoffStore,
      agentAllowed: agentHasRole('FinanceAgent'),
      humanAllowed: () => true,
    });
    const { cutoffMs } = await endDelegation({ human: 'user-123', cutoffStore, clock });
    // Minted by an IdP whose clock runs 15 s ahead, at the cut-off: 24 h + 15 s of life, each
    // within what the guard accepts with its defaults.
    const iat = NOW_S + 15;
    const token = await accessToken('keycloak', idpKey, {
      iat,
      nbf: iat,
      exp: iat + 86_400 + 15,
    });
    const check = () =>
      guard.check({
        authorization: `Bearer ${token}`,
        actAssertion: undefined,
        method: 'GET',
        route: '/accounts/42',
      });
    time.ms = cutoffMs + 16_000;
    const first = await check();
    expect(first.audit.reason).toBe('access_token.revoked');
    // In its last accepted seconds (the guard takes it until 15 s past exp), after the cut-off's
    // 24 h + 30 s: refused as revoked still, not accepted.
    time.ms = (iat + 86_400 + 15 + 14) * 1000;
    const last = await check();
    expect(last.audit.reason).toBe('access_token.revoked');
  });
});
