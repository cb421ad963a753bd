import { StoreUnavailableError } from '@dual-auth/core';
import { expect, it } from 'vitest';
import { redisPerFile } from '../test/support/redis-client.js';
import { rejection } from '../test/support/rejection.js';
import { cutoffStoreFor } from '../test/support/stores.js';
import type { StoreRedisClient } from './index.js';

// Attack (session 34, reviewd): endDelegation called on the store directly with a keepMs past
// 2^53 - 1 (1e17, 1e300: "keep it forever") reached Redis, whose script wrote the expiry as
// "1e+17" and was refused ("ERR value is not an integer"): the caller got StoreUnavailableError
// "the cut-off may not be recorded ... Call endDelegation again (until it resolves) once Redis
// answers", then OOM/READONLY/NOPERM advice, a Redis fault that no retry could ever fix. A
// keepMs no store can keep must be refused as the caller's argument, before anything is written.

let client: StoreRedisClient;
redisPerFile((started) => ({ client } = started));

it.each([1e17, 1e300, Number.MAX_SAFE_INTEGER + 2])(
  'endDelegation refuses keepMs %s with a TypeError naming keepMs, writing nothing',
  async (keepMs) => {
    const prefix = `keepms-${crypto.randomUUID()}:`;
    const store = cutoffStoreFor(client, { prefix });
    const error = await rejection(store.endDelegation('u-alice', Date.now(), keepMs));
    expect(StoreUnavailableError.isInstance(error)).toBe(false);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(/keepMs must be .*2\^53 - 1/);
    expect((error as Error).message).not.toContain('u-alice');
    expect(await client.keys(`${prefix}*cutoff*`)).toEqual([]);
  },
  30_000,
);

it('endDelegation records a cut-off kept 2^53 - 1 ms, the longest a number holds', async () => {
  const prefix = `keepms-${crypto.randomUUID()}:`;
  const store = cutoffStoreFor(client, { prefix });
  const cutoffMs = Date.now();
  await store.endDelegation('u-alice', cutoffMs, Number.MAX_SAFE_INTEGER);
  expect(await store.cutoffOf('u-alice')).toBeGreaterThanOrEqual(cutoffMs);
}, 30_000);
