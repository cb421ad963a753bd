import { InMemoryReplayStore } from '@dual-auth/core';
import { calculateJwkThumbprint, createLocalJWKSet } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ACT_AUDIENCE,
  accessToken,
  actAssertion,
  createSigningKey,
  fixedClock,
  PROFILE,
  type SigningKey,
  VENDOR_SETUP,
} from '../test/support/token-kit.js';
import { verifyDualSubjectToken } from './verify-dual-subject-token.js';

// Upgrade-safety review (breaker15): real token shapes and setups that the Session 8 refusals
// lock out, and a shape they let through. Each case says which vendor behaviour it stands for.
let idpKey: SigningKey;
let appKey: SigningKey;
beforeAll(async () => {
  [idpKey, appKey] = await Promise.all([createSigningKey('idp'), createSigningKey('app-key-1')]);
});

describe('Entra ID bound act assertion: one agent application whose JWKS uses standard kids', () => {
  // The resource README (“With one agent application, appKeys is its public key … or its JWKS”)
  // and every JWKS publisher (RFC 7638 thumbprints, key-vault key versions) name keys by their own
  // id, and rotation needs two distinct kids at once. Since Session 8 a JWKS given directly must
  // name each key by the APPLICATION id, and the Entra adapter sends no kid unless
  // `actAssertionKid` is set: a single-app setup that worked before is now refused
  // (binding_mismatch), though no other application's key is in that JWKS.
  it('accepts the app’s assertion signed under its RFC 7638 thumbprint kid', async () => {
    const kid = await calculateJwkThumbprint(appKey.publicJwk);
    const jwks = createLocalJWKSet({ keys: [{ ...appKey.publicJwk, kid }] });
    const entra = VENDOR_SETUP.entraid;
    const subject = await verifyDualSubjectToken(await accessToken('entraid', idpKey), {
      profile: PROFILE.entraid,
      issuer: entra.issuer,
      audience: entra.audience,
      keys: idpKey.publicKey,
      clock: fixedClock,
      boundActAssertion: {
        actAudience: ACT_AUDIENCE,
        appKeys: jwks,
        replayStore: new InMemoryReplayStore({ clock: fixedClock }),
      },
      actAssertion: await actAssertion(appKey, {}, { kid }),
    });
    expect(subject.agent.id).toBe(entra.agentId);
  });
});
