import type { DualAuthGuard } from '@dual-auth/resource';
import { describe, expect, it } from 'vitest';
import { boundRequest, guardOn } from '../test/support/dpop-guard-kit.js';
import { redisPerFile } from '../test/support/redis-client.js';
import { FAR_CLOCK_ALLOWANCE_MS, replayStoreFor } from '../test/support/stores.js';
import type { StoreRedisClient } from './index.js';

// Attack (a fleet turning DPoP nonces on one instance at a time): instances with and without
// `dpop.nonce` share one Redis replay store. A proof's jti must stay claimed in Redis for as long
// as any of them accepts the proof, counted from the claim: Redis's own clock cannot be moved, so
// the key's PTTL is read against the window the other instance would still accept it in.
const SECRET = crypto.getRandomValues(new Uint8Array(32));
// The PTTL read lags the claim by the real time between them: far less than this.
const SLACK_MS = 10_000;

let client: StoreRedisClient;

redisPerFile((started) => ({ client } = started));

async function fleet(prefix: string) {
  const startMs = Date.now();
  const clock = { ms: startMs, now: () => clock.ms };
  const store = () =>
    replayStoreFor(client, { prefix, clock, maxClockSkewMs: FAR_CLOCK_ALLOWANCE_MS });
  return {
    startMs,
    clock,
    withoutNonce: await guardOn(store(), { clock }),
    byNonce: await guardOn(store(), { clock, nonceSecret: SECRET }),
  };
}

async function nonceFrom(guard: DualAuthGuard, nowSeconds: number) {
  const asked = await guard.checkRequest(await boundRequest({ nowSeconds }));
  const nonce = asked.decision === 'DENY' ? asked.headers['dpop-nonce'] : undefined;
  expect(nonce).toMatch(/^[A-Za-z0-9_-]{55}$/);
  return nonce as string;
}

async function claimTtlMs(prefix: string): Promise<number> {
  const keys = await client.keys(`${prefix}replay:*`);
  expect(keys).toHaveLength(1);
  return client.pTTL(keys[0] as string);
}

describe('attack: a DPoP proof replayed between instances with and without nonces on Redis', () => {
  it('stays claimed after the instance without nonces admitted it, until the nonce expires', async () => {
    const prefix = `rollout-a-${crypto.randomUUID()}:`;
    const { startMs, clock, withoutNonce, byNonce } = await fleet(prefix);
    const now = Math.floor(startMs / 1000);
    const request = await boundRequest({
      nowSeconds: now,
      proof: { nonce: await nonceFrom(byNonce, now) },
    });
    expect((await withoutNonce.checkRequest(request.clone())).decision).toBe('ALLOW');
    // The nonce instance accepts the nonce 300 s (maxAgeSeconds) + 15 s (tolerance) after its
    // issue, which is no later than the claim.
    expect(await claimTtlMs(prefix)).toBeGreaterThanOrEqual(315_000 - SLACK_MS);
    clock.ms = startMs + 120_000;
    expect(await byNonce.checkRequest(request)).toMatchObject({
      decision: 'DENY',
      audit: { reason: 'dpop_proof.replayed' },
    });
  });

  it("stays claimed after the nonce instance admitted it, until its iat's window ends", async () => {
    const prefix = `rollout-b-${crypto.randomUUID()}:`;
    const { startMs, clock, withoutNonce, byNonce } = await fleet(prefix);
    const now = Math.floor(startMs / 1000);
    // A client clock 300 s fast: the instance without nonces accepts it until iat + 60 + 15.
    const iat = now + 300;
    const request = await boundRequest({
      nowSeconds: now,
      proof: { iat, nonce: await nonceFrom(byNonce, now) },
    });
    expect((await byNonce.checkRequest(request.clone())).decision).toBe('ALLOW');
    expect(await claimTtlMs(prefix)).toBeGreaterThanOrEqual((iat + 75) * 1000 - startMs - SLACK_MS);
    clock.ms = startMs + 330_000;
    expect(await withoutNonce.checkRequest(request)).toMatchObject({
      decision: 'DENY',
      audit: { reason: 'dpop_proof.replayed' },
    });
  });

  it("admits an agent's fresh nonce-dated proofs once its share forgot day-long ones", async () => {
    const prefix = `rollout-c-${crypto.randomUUID()}:`;
    const startMs = Date.now();
    const clock = { ms: startMs, now: () => clock.ms };
    const store = () => replayStoreFor(client, { prefix, clock, maxLongClaimsPerPartition: 2 });
    const withoutNonce = await guardOn(store(), { clock });
    const byNonce = await guardOn(store(), { clock, nonceSecret: SECRET });
    const now = Math.floor(startMs / 1000);
    const nonce = await nonceFrom(byNonce, now);
    // Three proofs with the nonce at the instance without nonces, each kept a day: one forgotten.
    const admitted: Request[] = [];
    for (let i = 0; i < 3; i += 1) {
      const request = await boundRequest({ nowSeconds: now, proof: { nonce } });
      expect((await withoutNonce.checkRequest(request.clone())).decision).toBe('ALLOW');
      admitted.push(request);
    }
    // A fresh proof at the instance with nonces, dated by the nonce (kept 315 s): admitted.
    // Failed before: 503 replay_store_unavailable, as for every such proof until a day later.
    clock.ms += 60_000;
    const fresh = await boundRequest({ nowSeconds: now + 60, proof: { nonce } });
    expect((await byNonce.checkRequest(fresh)).decision).toBe('ALLOW');
    // Replayed there: the forgotten one is refused 503, the two kept are replays.
    const reasons = [];
    for (const request of admitted) {
      const replay = await byNonce.checkRequest(request);
      expect(replay.decision).toBe('DENY');
      reasons.push(replay.decision === 'DENY' ? replay.audit.reason : '');
    }
    expect(reasons.sort()).toEqual([
      'dpop_proof.replay_store_unavailable',
      'dpop_proof.replayed',
      'dpop_proof.replayed',
    ]);
  });
});
