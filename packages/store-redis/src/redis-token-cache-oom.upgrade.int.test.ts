import { createDualSubjectToken } from '@dual-auth/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type RedisWithClient,
  startRedisWithClient,
  stopRedisWithClient,
} from '../test/support/redis-client.js';
import { tokenCacheFor } from '../test/support/stores.js';

// Upgrade review (wave9/upg9): with `maxmemory-policy noeviction` (the setting the store checks
// for) and Redis past maxmemory, `invalidate` used to only delete (allowed when out of memory); it
// now also SETs `{sub}:invalidated`. Checked safe: a script without flags that Redis started runs
// its SET even then (Redis 7.0 here), so a logout's invalidate still resolves. PASSES on int14.
let redis: RedisWithClient;
beforeAll(async () => {
  redis = await startRedisWithClient();
});
afterAll(() => stopRedisWithClient(redis));

describe('upgrade: RedisTokenCache.invalidate on a full Redis (noeviction)', () => {
  it('still forgets the human and resolves, as it did with delete-only', async () => {
    const { client } = redis;
    const cache = tokenCacheFor(client, {
      prefix: 'oom:',
      encryptionKeys: [{ id: 'k1', key: new Uint8Array(32).fill(1) }],
    });
    const key = {
      adapterId: 'kc|https://idp.example/token|agent',
      agentId: 'finance-agent',
      sub: 'alice',
      scope: ['finance.read'],
      audience: 'https://api.example.com/finance',
    };
    await cache.set(
      key,
      createDualSubjectToken({
        accessToken: 'opaque-access-token',
        tokenType: 'Bearer',
        expiresIn: 300,
        scope: 'finance.read',
        issuedAt: Date.now(),
      }),
    );
    const info = String(await client.sendCommand(['INFO', 'memory']));
    const used = Number(/used_memory:(\d+)/.exec(info)?.[1]);
    await client.configSet({
      'maxmemory-policy': 'noeviction',
      maxmemory: String(Math.floor(used / 2)),
    });
    try {
      await expect(client.sendCommand(['SET', 'probe', 'x'])).rejects.toThrow(/OOM/);
      expect(await cache.invalidate('alice')).toBe(1);
    } finally {
      await client.configSet({ maxmemory: '0' });
    }
  });
});
