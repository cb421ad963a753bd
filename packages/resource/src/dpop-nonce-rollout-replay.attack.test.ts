import { InMemoryReplayStore } from '@dual-auth/core';
import { describe, expect, it } from 'vitest';
import { dpopFixture, dpopGuard, NOW, nonceFrom } from '../test/support/dpop-fixture.js';

// A fleet turning DPoP nonces on (or off) one instance at a time, in any order: instances with
// and without `dpop.nonce` share one replay store and one clock. A proof used at one must stay
// used at every other for as long as any of them would accept it.

const SECRET = crypto.getRandomValues(new Uint8Array(32));
const fixture = await dpopFixture();
const { idpKey, key } = fixture;

function fleet() {
  const clock = { ms: NOW, now: () => clock.ms };
  const replayStore = new InMemoryReplayStore({ clock });
  const withoutNonce = dpopGuard(idpKey, { replayStore }, { clock });
  const byNonce = dpopGuard(idpKey, { replayStore, nonce: { secret: SECRET } }, { clock });
  return { clock, withoutNonce, byNonce };
}

describe('a DPoP proof replayed between an instance with nonces and one without', () => {
  it('is refused by the nonce instance after the instance without nonces admitted it and its iat window passed', async () => {
    const { clock, withoutNonce, byNonce } = fleet();
    const nonce = await nonceFrom(byNonce, fixture);
    const proof = await fixture.proof({ iat: NOW / 1000, nonce }, { jwk: key.jwk });
    expect((await withoutNonce.check(fixture.input(proof))).decision).toBe('ALLOW');
    // Past iat's window (60 s and twice the 15 s tolerance), well inside the nonce's (300 s + 15).
    clock.ms = NOW + 120_000;
    expect(await byNonce.check(fixture.input(proof))).toMatchObject({
      decision: 'DENY',
      status: 401,
      audit: { reason: 'dpop_proof.replayed' },
    });
  });

  it('is refused by the instance without nonces after the nonce instance admitted it and the nonce expired', async () => {
    const { clock, withoutNonce, byNonce } = fleet();
    const nonce = await nonceFrom(byNonce, fixture);
    // A client clock that runs fast: iat well ahead of the nonce, inside no window yet at the
    // instance without nonces, which the nonce instance does not ask of it.
    const iat = NOW / 1000 + 300;
    const proof = await fixture.proof({ iat, nonce }, { jwk: key.jwk });
    expect((await byNonce.check(fixture.input(proof))).decision).toBe('ALLOW');
    // The nonce's window (300 s + 15) has passed; the proof's iat is now inside its own window.
    clock.ms = NOW + 330_000;
    expect(await withoutNonce.check(fixture.input(proof))).toMatchObject({
      decision: 'DENY',
      status: 401,
      audit: { reason: 'dpop_proof.replayed' },
    });
  });

  it('is refused by the nonce instance when dated more than a day ahead, a jti no store could keep that long', async () => {
    const { byNonce } = fleet();
    const nonce = await nonceFrom(byNonce, fixture);
    const proof = await fixture.proof({ iat: NOW / 1000 + 86_400 + 16, nonce }, { jwk: key.jwk });
    expect(await byNonce.check(fixture.input(proof))).toMatchObject({
      decision: 'DENY',
      status: 401,
      audit: { reason: 'dpop_proof.issued_in_future' },
    });
    const aDayAhead = await fixture.proof({ iat: NOW / 1000 + 86_400, nonce }, { jwk: key.jwk });
    expect((await byNonce.check(fixture.input(aDayAhead))).decision).toBe('ALLOW');
  });
});
