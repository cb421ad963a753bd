import { InMemoryReplayStore } from '@dual-auth/core';
import { describe, expect, it } from 'vitest';
import { DPOP_HTU, dpopGuardInput, proofFor, proofKey } from '../test/support/dpop-proof-kit.js';
import { keycloakGuardOptions } from '../test/support/keycloak-guard-options.js';
import { accessToken, createSigningKey, NOW } from '../test/support/token-kit.js';
import { createDualAuthGuard } from './dual-auth-guard.js';

// Instances of one API share the nonce secret and the replay store, but may not share
// creationTimeFrom (a fleet rolled from one setting to the other, one instance at a time): a
// proof used at one must stay used at every other for as long as any of them would accept it.

const SECRET = crypto.getRandomValues(new Uint8Array(32));
const idpKey = await createSigningKey('idp-1');
const key = await proofKey();
const token = await accessToken('keycloak', idpKey, { cnf: { jkt: key.jkt } });

describe('a DPoP proof replayed between instances dating proofs differently', () => {
  it("is refused by a 'nonce' instance after an 'iat' instance admitted it and its iat window passed", async () => {
    const clock = { ms: NOW, now: () => clock.ms };
    const replayStore = new InMemoryReplayStore({ clock });
    const guardDating = (creationTimeFrom: 'nonce' | 'iat') =>
      createDualAuthGuard({
        ...keycloakGuardOptions(idpKey.publicJwk),
        clock,
        dpop: { replayStore, nonce: { secret: SECRET, creationTimeFrom } },
      });
    const byIat = guardDating('iat');
    const byNonce = guardDating('nonce');
    const asked = await byIat.check(dpopGuardInput(DPOP_HTU, token, await proofFor(key, token)));
    const nonce = asked.decision === 'DENY' ? asked.headers['dpop-nonce'] : undefined;
    expect(nonce).toMatch(/^[A-Za-z0-9_-]{55}$/);
    const proof = await proofFor(key, token, { iat: NOW / 1000, nonce }, { jwk: key.jwk });
    expect((await byIat.check(dpopGuardInput(DPOP_HTU, token, proof))).decision).toBe('ALLOW');
    // Past iat's window (60 s and twice the 15 s tolerance), well inside the nonce's (300 s + 15).
    clock.ms = NOW + 120_000;
    expect(await byNonce.check(dpopGuardInput(DPOP_HTU, token, proof))).toMatchObject({
      decision: 'DENY',
      status: 401,
      audit: { reason: 'dpop_proof.replayed' },
    });
  });
});
