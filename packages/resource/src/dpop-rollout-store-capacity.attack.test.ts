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
    const send = async (proof: string) => {
      clock.ms += 10;
      return guard.check(dpopGuardInput(DPOP_HTU, token, proof));
    };
    const iat = NOW / 1000;
    // The second a proof is sent in, as its iat: each day-long entry expires with its iat window.
    const nowIat = () => Math.floor((clock.ms + 10) / 1000);
    // A client that got a nonce from an instance with dpop.nonce, 30 requests here, 10 a second
    // (a full share tells a new proof from a forgotten one by its iat: more than its size within
    // one second would be refused, as proofs without a nonce are).
    for (let i = 0; i < 30; i++) {
      clock.ms += 90;
      const proof = await proofFor(key, token, {
        iat: nowIat(),
        nonce: 'nonce-of-another-instance',
      });
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
    clock.ms += 1000;
    const nonceProof = await proofFor(key, token, {
      iat: nowIat(),
      nonce: 'nonce-of-another-instance',
    });
    expect((await send(nonceProof)).decision).toBe('ALLOW');
  });

  it('refuses the replay of a nonce-carrying proof its full share forgot, while iat admits it', async () => {
    // Its entry expired a day after it was FIRST claimed; a replay a moment later was given a day
    // from then: later than anything the share forgot, so taken as new (a replay let through).
    const clock = { ms: NOW, now: () => clock.ms };
    const replayStore = new InMemoryReplayStore({ clock, maxEntries: 1 });
    const guard = createDualAuthGuard({
      ...keycloakGuardOptions(idpKey.publicJwk),
      clock,
      dpop: { replayStore },
    });
    const iat = NOW / 1000;
    const captured = await proofFor(key, token, { iat, nonce: 'nonce-of-another-instance' });
    const next = await proofFor(key, token, { iat: iat + 1, nonce: 'nonce-of-another-instance' });
    expect((await guard.check(dpopGuardInput(DPOP_HTU, token, captured))).decision).toBe('ALLOW');
    clock.ms += 1000;
    // The agent's next request: its share (one entry) forgets the captured proof's.
    expect((await guard.check(dpopGuardInput(DPOP_HTU, token, next))).decision).toBe('ALLOW');
    clock.ms += 1000;
    expect(await guard.check(dpopGuardInput(DPOP_HTU, token, captured))).toMatchObject({
      decision: 'DENY',
      audit: { reason: 'dpop_proof.replay_store_unavailable' },
    });
  });
});
