import { InMemoryReplayStore } from '@dual-auth/core';
import { describe, expect, it } from 'vitest';
import { DPOP_HTU, dpopGuardInput, proofFor, proofKey } from '../test/support/dpop-proof-kit.js';
import { keycloakGuardOptions } from '../test/support/keycloak-guard-options.js';
import { accessToken, createSigningKey, NOW } from '../test/support/token-kit.js';
import { createDualAuthGuard } from './dual-auth-guard.js';

// A fleet turning DPoP nonces on (or off) one instance at a time, in any order: instances with
// and without `dpop.nonce` share one replay store and one clock. A proof used at one must stay
// used at every other for as long as any of them would accept it.

const SECRET = crypto.getRandomValues(new Uint8Array(32));
const idpKey = await createSigningKey('idp-1');
const key = await proofKey();
const token = await accessToken('keycloak', idpKey, { cnf: { jkt: key.jkt } });

function fleet() {
  const clock = { ms: NOW, now: () => clock.ms };
  const replayStore = new InMemoryReplayStore({ clock });
  const base = { ...keycloakGuardOptions(idpKey.publicJwk), clock };
  const withoutNonce = createDualAuthGuard({ ...base, dpop: { replayStore } });
  const byNonce = createDualAuthGuard({
    ...base,
    dpop: { replayStore, nonce: { secret: SECRET } },
  });
  return { clock, withoutNonce, byNonce };
}

async function nonceFrom(guard: ReturnType<typeof createDualAuthGuard>): Promise<string> {
  const asked = await guard.check(dpopGuardInput(DPOP_HTU, token, await proofFor(key, token)));
  const nonce = asked.decision === 'DENY' ? asked.headers['dpop-nonce'] : undefined;
  expect(nonce).toMatch(/^[A-Za-z0-9_-]{55}$/);
  return nonce as string;
}

describe('a DPoP proof replayed between an instance with nonces and one without', () => {
  it('is refused by the nonce instance after the instance without nonces admitted it and its iat window passed', async () => {
    const { clock, withoutNonce, byNonce } = fleet();
    const nonce = await nonceFrom(byNonce);
    const proof = await proofFor(key, token, { iat: NOW / 1000, nonce }, { jwk: key.jwk });
    expect((await withoutNonce.check(dpopGuardInput(DPOP_HTU, token, proof))).decision).toBe(
      'ALLOW',
    );
    // Past iat's window (60 s and twice the 15 s tolerance), well inside the nonce's (300 s + 15).
    clock.ms = NOW + 120_000;
    expect(await byNonce.check(dpopGuardInput(DPOP_HTU, token, proof))).toMatchObject({
      decision: 'DENY',
      status: 401,
      audit: { reason: 'dpop_proof.replayed' },
    });
  });

  it('is refused by the instance without nonces after the nonce instance admitted it and the nonce expired', async () => {
    const { clock, withoutNonce, byNonce } = fleet();
    const nonce = await nonceFrom(byNonce);
    // A client clock that runs fast: iat well ahead of the nonce, inside no window yet at the
    // instance without nonces, which the nonce instance does not ask of it.
    const iat = NOW / 1000 + 300;
    const proof = await proofFor(key, token, { iat, nonce }, { jwk: key.jwk });
    expect((await byNonce.check(dpopGuardInput(DPOP_HTU, token, proof))).decision).toBe('ALLOW');
    // The nonce's window (300 s + 15) has passed; the proof's iat is now inside its own window.
    clock.ms = NOW + 330_000;
    expect(await withoutNonce.check(dpopGuardInput(DPOP_HTU, token, proof))).toMatchObject({
      decision: 'DENY',
      status: 401,
      audit: { reason: 'dpop_proof.replayed' },
    });
  });

  it('is refused by the nonce instance when dated more than a day ahead, a jti no store could keep that long', async () => {
    const { byNonce } = fleet();
    const nonce = await nonceFrom(byNonce);
    const proof = await proofFor(
      key,
      token,
      { iat: NOW / 1000 + 86_400 + 16, nonce },
      { jwk: key.jwk },
    );
    expect(await byNonce.check(dpopGuardInput(DPOP_HTU, token, proof))).toMatchObject({
      decision: 'DENY',
      status: 401,
      audit: { reason: 'dpop_proof.issued_in_future' },
    });
    const aDayAhead = await proofFor(
      key,
      token,
      { iat: NOW / 1000 + 86_400, nonce },
      { jwk: key.jwk },
    );
    expect((await byNonce.check(dpopGuardInput(DPOP_HTU, token, aDayAhead))).decision).toBe(
      'ALLOW',
    );
  });
});
