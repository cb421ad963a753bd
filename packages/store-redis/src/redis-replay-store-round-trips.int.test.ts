import { describe, expect, it } from 'vitest';
import { readyClient, redisPerFile } from '../test/support/redis-client.js';
import { replayStoreFor } from '../test/support/stores.js';
import type { StoreRedisClient } from './index.js';

// What one claim costs in round trips: the commands a client sends, as Redis's MONITOR lists
// them (the commands a script runs are listed as `lua`, not counted). Session 19's check against
// a partition's forgotten claims cost every partitioned claim a second round trip.

let url: string;
let client: StoreRedisClient;
redisPerFile((started) => {
  ({ client } = started);
  url = started.redis.url;
});

/**
 * The commands clients sent while `run` ran, by name, as MONITOR saw them; not the `PING`s of the
 * clients' dead-connection watchdogs, one a second whatever the stores do (a loaded machine takes
 * more than a second for a few dozen claims).
 */
async function sentDuring(run: () => Promise<unknown>): Promise<string[]> {
  const monitor = await readyClient(url);
  const sent: string[] = [];
  await monitor.monitor((line) => {
    const command = / \[\d+ [^\]]+\] "([^"]+)"/.exec(line);
    const name = command?.[1]?.toUpperCase();
    if (name !== undefined && name !== 'PING' && !line.includes(' lua] ')) sent.push(name);
  });
  try {
    await run();
    // MONITOR reports after running a command: one ECHO, seen last, marks the end.
    await client.echo('end of run');
    await expect.poll(() => sent.at(-1), { timeout: 30_000 }).toBe('ECHO');
    return sent.slice(0, -1);
  } finally {
    await monitor.close();
  }
}

describe('RedisReplayStore: one round trip per claim', () => {
  it('for a claim naming a partition, short or long, first use or replay', async () => {
    const prefix = `trips-${crypto.randomUUID()}:`;
    const store = replayStoreFor(client, { prefix, maxLongClaimsPerPartition: 10 });
    // The eviction-policy check, and Redis learning the script (EVALSHA, NOSCRIPT, EVAL): once.
    await store.claim('warm-up', Date.now() + 60_000, { partition: 'another' });
    const now = Date.now();
    const claims: [string, number, string | undefined][] = [
      ['short', now + 315_000, undefined],
      ['long', now + 86_400_000, undefined],
      ['bound', now + 86_400_000, 'digest'],
    ];
    for (const [jti, expiresAt, binding] of claims) {
      for (const first of [true, false]) {
        const sent = await sentDuring(async () => {
          expect(await store.claim(jti, expiresAt, { partition: 'agent', binding })).toBe(
            first || binding !== undefined,
          );
        });
        expect(sent).toEqual(['EVALSHA']);
      }
    }
  });
});

describe('RedisReplayStore: the key-layout check costs no round trip per claim', () => {
  it('asks Redis at the first claim only: the next ones send one EVALSHA each', async () => {
    const prefix = `layout-${crypto.randomUUID()}:`;
    const store = replayStoreFor(client, { prefix, hashIds: true });
    // The first claim checks the eviction policy (CONFIG GET, which MONITOR does not list) and
    // the key layout (a script), beside the claim.
    const first = await sentDuring(() => store.claim('first', Date.now() + 60_000));
    expect(first.filter((command) => command.startsWith('EVAL')).length).toBeGreaterThan(1);
    expect(await client.get(`${prefix}key-layout`)).toBe('layout=1 hashIds=true');
    const sent = await sentDuring(async () => {
      for (let i = 0; i < 20; i += 1) {
        expect(await store.claim(`j${i}`, Date.now() + 60_000)).toBe(true);
        expect(await store.claim(`j${i}`, Date.now() + 60_000, { partition: 'agent' })).toBe(false);
      }
    });
    expect(sent).toEqual(Array.from({ length: 40 }, () => 'EVALSHA'));
  });
});
