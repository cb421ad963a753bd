import { noopLogger } from '@dual-auth/core';
import { describe, expect, it } from 'vitest';
import { createRedisClient } from './create-redis-client.js';
import { RedisDelegationCutoffStore } from './redis-delegation-cutoff-store.js';
import { RedisReplayStore } from './redis-replay-store.js';
import { RedisTokenCache } from './redis-token-cache.js';

// Nothing here connects: node-redis opens the connection at `connect()`, so these are the
// constructors alone. A misspelled `prefix` would put two apps' claims, cut-offs or tokens in one
// namespace, so every constructor refuses a name it does not take and names the option meant.
const client = () => createRedisClient({ url: 'redis://127.0.0.1:6379', logger: noopLogger });
const encryptionKeys = [{ id: 'k1', key: new Uint8Array(32).fill(1) }];

describe('store-redis refuses unknown options', () => {
  it.each([
    [
      'new RedisReplayStore',
      () => new RedisReplayStore({ client: client(), prefx: 'app-a:' } as never),
    ],
    [
      'new RedisDelegationCutoffStore',
      () => new RedisDelegationCutoffStore({ client: client(), prefx: 'app-a:' } as never),
    ],
    [
      'new RedisTokenCache',
      () => new RedisTokenCache({ client: client(), encryptionKeys, prefx: 'app-a:' } as never),
    ],
  ])('%s: a misspelled prefix names prefix', (where, build) => {
    expect(build).toThrow(
      new RegExp(`^${where}: prefx is not an option \\(did you mean prefix\\?\\)`),
    );
  });

  it('RedisReplayStore and RedisDelegationCutoffStore name acceptEvictionRisk', () => {
    expect(
      () => new RedisReplayStore({ client: client(), acceptEvictionRsk: true } as never),
    ).toThrow('did you mean acceptEvictionRisk?');
    expect(
      () => new RedisDelegationCutoffStore({ client: client(), policyCheckIntervalMS: 1 } as never),
    ).toThrow('did you mean policyCheckIntervalMs?');
  });

  it('RedisTokenCache names refreshMarginSeconds', () => {
    expect(
      () =>
        new RedisTokenCache({ client: client(), encryptionKeys, refreshMarginSecs: 60 } as never),
    ).toThrow('did you mean refreshMarginSeconds?');
  });

  it('createRedisClient names connectTimeoutMs', () => {
    expect(() =>
      createRedisClient({ url: 'redis://127.0.0.1:6379', connectTimeout: 1000 } as never),
    ).toThrow(
      'createRedisClient: connectTimeout is not an option (did you mean connectTimeoutMs?)',
    );
  });

  it('every option each takes is still accepted', () => {
    const common = {
      client: client(),
      prefix: 'a:',
      hashIds: true,
      timeoutMs: 500,
      clock: { now: () => 0 },
    };
    const security = {
      ...common,
      acceptEvictionRisk: false,
      policyCheckIntervalMs: 1000,
      logger: noopLogger,
    };
    expect(
      () => new RedisReplayStore({ ...security, random: (n) => new Uint8Array(n) }),
    ).not.toThrow();
    expect(() => new RedisDelegationCutoffStore(security)).not.toThrow();
    expect(
      () =>
        new RedisTokenCache({
          ...common,
          encryptionKeys,
          refreshMarginSeconds: 30,
          lockTtlMs: 1000,
          lockWaitMs: 1000,
          clockToleranceSeconds: 15,
          logger: noopLogger,
        }),
    ).not.toThrow();
  });
});
