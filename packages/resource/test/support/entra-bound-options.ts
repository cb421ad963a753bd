import { InMemoryReplayStore, type ReplayStore } from '@dual-auth/core';
import type { VerifyDualSubjectTokenOptions } from '../../src/verify-dual-subject-token.js';
import type { BoundActAssertionOptions } from '../../src/verify-options.js';
import { ACT_AUDIENCE, fixedClock, PROFILE, type SigningKey, VENDOR_SETUP } from './token-kit.js';

/**
 * What a guard verifying Entra ID tokens is given in these tests: an access token signed with
 * `idpKey` for the finance API, and its bound act assertion (`X-Act-Assertion`) checked with
 * `appKeys` and claimed in `replayStore` (default: a fresh in-memory one), at {@link fixedClock}.
 */
export function entraBoundOptions(
  idpKey: SigningKey,
  appKeys: BoundActAssertionOptions['appKeys'],
  replayStore: ReplayStore = new InMemoryReplayStore({ clock: fixedClock }),
): VerifyDualSubjectTokenOptions {
  const entra = VENDOR_SETUP.entraid;
  return {
    profile: PROFILE.entraid,
    issuer: entra.issuer,
    audience: entra.audience,
    keys: idpKey.publicKey,
    clock: fixedClock,
    boundActAssertion: { actAudience: ACT_AUDIENCE, appKeys, replayStore },
  };
}
