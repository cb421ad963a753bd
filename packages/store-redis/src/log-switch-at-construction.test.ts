import { ConfigurationError, noopLogger } from '@dual-auth/core';
import { describe, expect, it, vi } from 'vitest';
import { createRedisClient } from './create-redis-client.js';
import { RedisTokenCache } from './redis-token-cache.js';

// Nothing here connects: node-redis opens the connection at `connect()`, so these are the
// constructors alone, given no logger.
const client = () => createRedisClient({ url: 'redis://127.0.0.1:6379', logger: noopLogger });

describe.each([
  ['DUAL_AUTH_LOG', { DUAL_AUTH_LOG: 'jsn' }],
  ['DUAL_AUTH_LOG_LEVEL', { DUAL_AUTH_LOG: 'json', DUAL_AUTH_LOG_LEVEL: 'verbose' }],
])('a typo in %s, no logger given', (variable, env) => {
  it.each([
    ['createRedisClient', () => createRedisClient({ url: 'redis://127.0.0.1:6379' })],
    [
      'RedisTokenCache',
      () =>
        new RedisTokenCache({
          client: client(),
          encryptionKeys: [{ id: 'k1', key: new Uint8Array(32).fill(1) }],
        }),
    ],
  ])('fails %s at construction with a ConfigurationError naming it', (_, build) => {
    for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
    expect(build).toThrow(ConfigurationError);
    expect(build).toThrow(expect.objectContaining({ variable }));
  });
});
