import type { DualAuthGuard } from '@dual-auth/resource';
import { describe, expect, it } from 'vitest';
import { boundRequest, guardOn } from '../test/support/dpop-guard-kit.js';
import { redisPerFile } from '../test/support/redis-client.js';
import { replayStoreFor } from '../test/support/stores.js';
import type { StoreRedisClient } from './index.js';
import { RedisReplayStore } from './redis-replay-store.js';

// Attack (a client with one valid token, during a DPoP nonce rollout): a guard without
// `dpop.nonce` cannot check a nonce, so it keeps the jti of every proof carrying one for a day
// (another instance may date it by its nonce), against 90 s for a proof without. Any string
// passes as a nonce there, so each proof costs shared Redis ~1 000× the memory-time of a plain
// one, with no bound per agent: the in-memory store bounds an agent's nonce-carrying proofs by a
// share of their own, the Redis store had nothing but its maxmemory, which refuses every claim of
// every agent once reached. Measured here, 60 proofs one second apart, each kind:
// before: 60 day-long keys (Σ PTTL 5 192 015 s, 834× the 60 plain proofs' 6 228 s);
// after (maxLongClaimsPerPartition 20): 20 day-long keys (Σ PTTL ≈ 1.7e6 s), however many are sent.

const PROOFS = 60;
const BOUND = 20;

let client: StoreRedisClient;
redisPerFile((started) => ({ client } = started));

interface Scenario {
  readonly prefix: string;
  readonly clock: { ms: number; now(): number };
  readonly guard: DualAuthGuard;
  /** Each jti key written under `prefix`: the seconds Redis was to hold it, read once written. */
  readonly written: Map<string, number>;
}

async function scenario(options: { maxLongClaimsPerPartition?: number } = {}): Promise<Scenario> {
  const prefix = `quota-${crypto.randomUUID()}:`;
  const clock = { ms: Date.now(), now: () => clock.ms };
  const store = replayStoreFor(client, { prefix, clock, ...options });
  return { prefix, clock, guard: await guardOn(store, { clock }), written: new Map() };
}

/**
 * Sends a proof dated now, a second after the previous one, and notes the seconds to live of the
 * jti key it wrote; its request, to replay it.
 */
async function send(
  { prefix, clock, guard, written }: Scenario,
  proof: Record<string, unknown>,
  agent = 'finance-agent',
) {
  clock.ms += 1000;
  const request = await boundRequest({ nowSeconds: Math.floor(clock.ms / 1000), agent, proof });
  const decision = await guard.checkRequest(request.clone());
  for (const key of await client.keys(`${prefix}replay:*`)) {
    if (!written.has(key)) written.set(key, (await client.pTTL(key)) / 1000);
  }
  return { request, decision };
}

/**
 * How many jti Redis holds under the scenario's prefix, and for how many seconds in all as
 * written: read at the end, a key would have lost the time the sends took (a minute or more on a
 * loaded machine), which shrinks the 90 s keys, not the day-long ones.
 */
async function claimsHeld({ prefix, written }: Scenario) {
  const keys = await client.keys(`${prefix}replay:*`);
  const seconds = keys.reduce((sum, key) => sum + (written.get(key) ?? Number.NaN), 0);
  return { count: keys.length, seconds };
}

describe('attack: day-long DPoP replay entries of one agent in a shared Redis store', () => {
  it("keeps at most maxLongClaimsPerPartition of an agent's nonce-carrying proofs", async () => {
    const plain = await scenario({ maxLongClaimsPerPartition: BOUND });
    const withNonce = await scenario({ maxLongClaimsPerPartition: BOUND });
    for (let i = 0; i < PROOFS; i++) {
      expect((await send(plain, {})).decision.decision).toBe('ALLOW');
      expect((await send(withNonce, { nonce: `any-${i}` })).decision.decision).toBe('ALLOW');
    }
    const plainHeld = await claimsHeld(plain);
    const nonceHeld = await claimsHeld(withNonce);
    // Proofs without a nonce are not bounded: their 90 s keys are Redis's usual load.
    expect(plainHeld.count).toBe(PROOFS);
    expect(nonceHeld.count).toBe(BOUND);
    // Each kept key still lives a day: the bound is on how many, not on how long.
    expect(nonceHeld.seconds / BOUND).toBeGreaterThan(86_400);
    expect(nonceHeld.seconds / plainHeld.seconds).toBeLessThan((BOUND / PROOFS) * 1000);
  });

  it('still refuses replays, remembered or forgotten, and admits fresh proofs of every agent', async () => {
    const run = await scenario({ maxLongClaimsPerPartition: BOUND });
    const first = await send(run, { nonce: 'nonce-of-another-instance' });
    expect(first.decision.decision).toBe('ALLOW');
    const sent = [];
    for (let i = 0; i < BOUND; i++) {
      const next = await send(run, { nonce: 'nonce-of-another-instance' });
      expect(next.decision.decision).toBe('ALLOW');
      sent.push(next);
    }
    // The agent's share is full: the first proof was forgotten to make room for the last one.
    expect(await run.guard.checkRequest(first.request)).toMatchObject({
      decision: 'DENY',
      status: 503,
      audit: { reason: 'dpop_proof.replay_store_unavailable', agent_id: 'finance-agent' },
    });
    expect(await run.guard.checkRequest((sent.at(-1) as typeof first).request)).toMatchObject({
      decision: 'DENY',
      status: 401,
      audit: { reason: 'dpop_proof.replayed' },
    });
    // A fresh proof of this agent, and of another agent, with a nonce or without.
    const later = await send(run, { nonce: 'nonce-of-another-instance' });
    expect(later.decision.decision).toBe('ALLOW');
    expect((await send(run, {})).decision.decision).toBe('ALLOW');
    const other = await send(run, { nonce: 'nonce-of-another-instance' }, 'travel-agent');
    expect(other.decision.decision).toBe('ALLOW');
    expect(await run.guard.checkRequest(other.request)).toMatchObject({
      decision: 'DENY',
      audit: { reason: 'dpop_proof.replayed' },
    });
  });
});

describe('RedisReplayStore maxLongClaimsPerPartition', () => {
  const DAY_MS = 86_400_000;

  it('bounds only long claims with a partition, and refuses only the replays of those it forgot', async () => {
    const prefix = `quota-store-${crypto.randomUUID()}:`;
    const clock = { ms: Date.now(), now: () => clock.ms };
    const store = replayStoreFor(client, { prefix, clock, maxLongClaimsPerPartition: 2 });
    const at = clock.ms + DAY_MS;
    for (const jti of ['a', 'b', 'c']) {
      expect(await store.claim(`${jti}-short`, clock.ms + 60_000, { partition: 'p' })).toBe(true);
    }
    for (const jti of ['a', 'b', 'c']) {
      expect(await store.claim(jti, at, { partition: 'p' })).toBe(true);
      expect(await store.claim(`${jti}-free`, at)).toBe(true);
    }
    // Three long claims in the same millisecond: one forgotten ('a', the first in the set's
    // order), its replay refused whatever expiry it asks for; the others' replays are replays.
    expect((await client.keys(`${prefix}replay:*`)).length).toBe(8);
    for (const expiresAt of [at, at + DAY_MS, clock.ms + 60_000]) {
      await expect(store.claim('a', expiresAt, { partition: 'p' })).rejects.toMatchObject({
        name: 'ReplayStoreFullError',
        maxEntries: 2,
      });
    }
    expect(await store.claim('b', at, { partition: 'p' })).toBe(false);
    // Fresh claims of that partition are taken, long or short, expiring with the forgotten or not.
    expect(await store.claim('d', at, { partition: 'p' })).toBe(true);
    expect(await store.claim('d-short', clock.ms + 60_000, { partition: 'p' })).toBe(true);
    expect(await store.claim('e', at, { partition: 'q' })).toBe(true);
    expect(await store.claim('e', at, { partition: 'q' })).toBe(false);
  });

  it('is a positive integer', () => {
    for (const bad of [0, 1.5, -1, '10']) {
      expect(
        () => new RedisReplayStore({ client, maxLongClaimsPerPartition: bad as number }),
      ).toThrow(TypeError);
    }
  });
});
