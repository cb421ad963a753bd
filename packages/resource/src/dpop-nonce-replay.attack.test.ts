import { InMemoryReplayStore } from '@dual-auth/core';
import { describe, expect, it } from 'vitest';
import { dpopFixture, dpopGuard, NOW, nonceFrom } from '../test/support/dpop-fixture.js';

// Instances of one API share the nonce secret and the replay store, but may not share
// creationTimeFrom (a fleet rolled from one setting to the other, one instance at a time): a
// proof used at one must stay used at every other for as long as any of them would accept it.

const SECRET = crypto.getRandomValues(new Uint8Array(32));
const fixture = await dpopFixture();
const { idpKey, key } = fixture;

describe('a DPoP proof replayed between instances dating proofs differently', () => {
  it("is refused by a 'nonce' instance after an 'iat' instance admitted it and its iat window passed", async () => {
    const clock = { ms: NOW, now: () => clock.ms };
    const replayStore = new InMemoryReplayStore({ clock });
    const guardDating = (creationTimeFrom: 'nonce' | 'iat') =>
      dpopGuard(idpKey, { replayStore, nonce: { secret: SECRET, creationTimeFrom } }, { clock });
    const byIat = guardDating('iat');
    const byNonce = guardDating('nonce');
    const nonce = await nonceFrom(byIat, fixture);
    const proof = await fixture.proof({ iat: NOW / 1000, nonce }, { jwk: key.jwk });
    expect((await byIat.check(fixture.input(proof))).decision).toBe('ALLOW');
    // Past iat's window (60 s and twice the 15 s tolerance), well inside the nonce's (300 s + 15).
    clock.ms = NOW + 120_000;
    expect(await byNonce.check(fixture.input(proof))).toMatchObject({
      decision: 'DENY',
      status: 401,
      audit: { reason: 'dpop_proof.replayed' },
    });
  });
});
