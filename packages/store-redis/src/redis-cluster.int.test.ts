import { createDualSubjectToken, type TokenCacheKey } from '@dual-auth/core';
import { type LocalRedisCluster, startRedisCluster } from '@dual-auth/testing';
import { createClient, createCluster, type RedisClusterType } from '@redis/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cutoffStoreFor, replayStoreFor, tokenCacheFor } from '../test/support/stores.js';

// A real 3-node Redis Cluster on loopback (redis-server --cluster-enabled yes, joined by
// redis-cli --cluster create): the stores' scripts must only ever touch keys of one slot.
let cluster: LocalRedisCluster;
let client: RedisClusterType;

const encryptionKeys = [{ id: 'k1', key: new Uint8Array(32).fill(7) }];
const humans = Array.from({ length: 30 }, (_, i) => `user-${i}`);

function key(sub: string): TokenCacheKey {
  return { adapterId: 'kc', agentId: 'agent', sub, scope: ['s'], audience: 'api' };
}

beforeAll(async () => {
  cluster = await startRedisCluster();
  client = createCluster({ rootNodes: [...cluster.rootNodes] });
  client.on('error', () => undefined);
  await client.connect();
});
afterAll(async () => {
  await client?.close();
  await cluster?.close();
});

describe('on a Redis Cluster', () => {
  it('claims jtis atomically across the nodes', async () => {
    const store = replayStoreFor(client);
    const exp = Date.now() + 60_000;
    const jtis = Array.from({ length: 60 }, (_, i) => `jti-${i}`);
    const twice = await Promise.all([...jtis, ...jtis].map((jti) => store.claim(jti, exp)));
    expect(twice.filter(Boolean)).toHaveLength(60);
    expect(await store.claim('bound', exp, { binding: 'd1' })).toBe(true);
    expect(await store.claim('bound', exp, { binding: 'd1' })).toBe(true);
    expect(await store.claim('bound', exp, { binding: 'd2' })).toBe(false);
  });

  it("bounds a partition's long claims, the share's keys in one slot and the claims in many", async () => {
    const store = replayStoreFor(client, { maxLongClaimsPerPartition: 5 });
    const day = Date.now() + 86_400_000;
    const jtis = Array.from({ length: 20 }, (_, i) => `long-${i}`);
    for (const [i, jti] of jtis.entries()) {
      expect(await store.claim(jti, day + i * 20_000, { partition: 'agent-a' })).toBe(true);
    }
    // The 15 forgotten first were deleted, wherever their slot; a replay of one is refused.
    const held = await Promise.all(jtis.map((jti) => client.exists(`dual-auth:replay:${jti}`)));
    expect(held.filter(Boolean)).toHaveLength(5);
    await expect(store.claim('long-0', day, { partition: 'agent-a' })).rejects.toMatchObject({
      name: 'ReplayStoreFullError',
    });
    expect(await store.claim('long-19', day + 19 * 20_000, { partition: 'agent-a' })).toBe(false);
    // A fresh short claim of that agent is taken (its share's filters, not a day of refusals).
    expect(await store.claim('short', Date.now() + 315_000, { partition: 'agent-a' })).toBe(true);
  });

  it('keeps, locks, lists and forgets tokens of humans spread over the nodes; each human in one slot', async () => {
    const store = tokenCacheFor(client, { encryptionKeys });
    const token = createDualSubjectToken({
      accessToken: 'at',
      tokenType: 'Bearer',
      expiresIn: 300,
      scope: 's',
      issuedAt: Date.now(),
    });
    for (const sub of humans) {
      await store.set(key(sub), token);
      await store.set({ ...key(sub), scope: ['t'] }, token);
      const lock = await store.lock(key(sub));
      expect((await store.get(key(sub)))?.accessToken).toBe('at');
      await lock.release();
    }
    const slots = new Set<number>();
    for (const sub of humans) {
      const tag = `dual-auth:{${sub}}`;
      const [entry, index] = await Promise.all(
        [`${tag}:token:x`, `${tag}:tokens`].map((k) =>
          client.sendCommand<number>(undefined, true, ['CLUSTER', 'KEYSLOT', k]),
        ),
      );
      expect(entry).toBe(index);
      slots.add(index as number);
    }
    expect(slots.size).toBeGreaterThan(10);
    const perNode = await Promise.all(
      cluster.nodes.map(async (node) => {
        const direct = createClient({ url: node.url });
        await direct.connect();
        try {
          return (await direct.keys('dual-auth:{*}:tokens')).length;
        } finally {
          await direct.close();
        }
      }),
    );
    expect(perNode.every((n) => n > 0)).toBe(true);
    expect(perNode.reduce((a, b) => a + b)).toBe(humans.length);
    for (const sub of humans) {
      expect((await store.tokensOf(sub, 'kc')).map((t) => t.accessToken)).toEqual(['at', 'at']);
    }
    for (const sub of humans) expect(await store.invalidate(sub)).toBe(2);
    expect(await store.get(key('user-0'))).toBeUndefined();
  });

  // Finding (carried since session 34): `cutoffOf` read Redis's `TIME` with a keyless command,
  // which node-redis sends to any node (30 reads: 10 on each of 3 masters), while the cut-off
  // key expires by its own node's clock: a node with a wrong clock refused every reader.
  it("reads TIME for a cut-off on the node that holds the human's cut-off key", async () => {
    const store = cutoffStoreFor(client);
    const nodes = await Promise.all(
      cluster.nodes.map(async (node) => {
        const direct = createClient({ url: node.url });
        await direct.connect();
        await direct.configResetStat();
        return direct;
      }),
    );
    try {
      for (let i = 0; i < 12; i += 1) expect(await store.cutoffOf('alice')).toBeUndefined();
      const calls = await Promise.all(
        nodes.map(async (direct) => {
          const stats = await direct.info('commandstats');
          const count = (name: string) =>
            Number(new RegExp(`cmdstat_${name}:calls=(\\d+)`).exec(stats)?.[1] ?? 0);
          return { time: count('time'), reads: count('exists') };
        }),
      );
      // The key's node took its 12 reads (another may have taken the key-layout check's), and
      // every TIME.
      expect(calls.find((c) => c.reads >= 12)).toEqual({ time: 12, reads: 12 });
      expect(calls.reduce((sum, c) => sum + c.time, 0)).toBe(12);
    } finally {
      await Promise.all(nodes.map((direct) => direct.close()));
    }
  });
});
