import { InMemoryReplayStore } from '@dual-auth/core';
import { describe, expect, it } from 'vitest';
import { DPOP_HTU, dpopGuardInput, proofFor, proofKey } from '../test/support/dpop-proof-kit.js';
import { keycloakGuardOptions } from '../test/support/keycloak-guard-options.js';
import { accessToken, createSigningKey, NOW } from '../test/support/token-kit.js';
import { createDualAuthGuard } from './dual-auth-guard.js';

// A guard without dpop.nonce keeps the jti of a proof carrying a nonce for a day (86 400 s + 2×
// tolerance: another instance may date it by its nonce). In a bounded memory store those day-long
// entries filled the agent's share; the share then forgot the entries expiring first, the
// 90-second ones of proofs without a nonce, and refused every later one it could not tell from a
// forgotten one (ReplayStoreFullError): valid requests refused for the rest of the day.
// (tmp measurement, default 100 000 entries: 20 proofs/s, half with a nonce, full after 2.8 h,
// then more than half of the proofs without a nonce refused.)

const idpKey = await createSigningKey('idp-1');
const key = await proofKey();
const token = await accessToken('keycloak', idpKey, { cnf: { jkt: key.jkt } });

describe('a memory replay store full of day-long nonce-carrying proofs during a nonce rollout', () => {
  it('still admits fresh proofs without a nonce, and still refuses their replays', async () => {
    const clock = { ms: NOW, now: () => clock.ms };
    const replayStore = new InMemoryReplayStore({ clock, maxEntries: 20 });
    const guard = createDualAuthGuard({
      ...keycloakGuardOptions(idpKey.publicJwk),
      clock,
      dpop: { replayStore },
    });
    // 100 requests a second: each day-long entry expires 10 ms after the one before.
    const send = async (proof: string) => {
      clock.ms += 10;
      return guard.check(dpopGuardInput(DPOP_HTU, token, proof));
    };
    const iat = NOW / 1000;
    // A client that got a nonce from an instance with dpop.nonce, 30 requests here.
    for (let i = 0; i < 30; i++) {
      const proof = await proofFor(key, token, { iat, nonce: 'nonce-of-another-instance' });
      expect((await send(proof)).decision).toBe('ALLOW');
    }
    const first = await proofFor(key, token, { iat });
    const second = await proofFor(key, token, { iat });
    expect((await send(first)).decision).toBe('ALLOW');
    expect((await send(second)).decision).toBe('ALLOW');
    expect(await send(first)).toMatchObject({
      decision: 'DENY',
      status: 401,
      audit: { reason: 'dpop_proof.replayed' },
    });
    const nonceProof = await proofFor(key, token, { iat, nonce: 'nonce-of-another-instance' });
    expect((await send(nonceProof)).decision).toBe('ALLOW');
  });
});
