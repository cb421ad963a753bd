import { noopLogger } from '@dual-auth/core';
import { describe, expect, it } from 'vitest';
import { createRedisClient } from './create-redis-client.js';
import { RedisTokenCache } from './redis-token-cache.js';

// Nothing here connects (the constructor alone). 15000 (milliseconds by mistake) would keep
// tokens requested ~4 h after an invalidation from being stored.
const client = () => createRedisClient({ url: 'redis://127.0.0.1:6379', logger: noopLogger });
const encryptionKeys = [{ id: 'k1', key: new Uint8Array(32).fill(1) }];

describe('RedisTokenCache clockToleranceSeconds', () => {
  it('is refused above 300 seconds, as milliseconds given for seconds', () => {
    expect(
      () =>
        new RedisTokenCache({ client: client(), encryptionKeys, clockToleranceSeconds: 15_000 }),
    ).toThrow(
      /options\.clockToleranceSeconds must be at most 300 seconds .*: seconds, not milliseconds\?$/,
    );
  });
});
