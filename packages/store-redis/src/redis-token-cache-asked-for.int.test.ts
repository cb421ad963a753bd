import { createDualSubjectToken } from '@dual-auth/core';
import { describe, expect, it } from 'vitest';
import { type RedisWithClient, redisPerFile } from '../test/support/redis-client.js';
import { tokenCacheFor } from '../test/support/stores.js';

let started: RedisWithClient;
redisPerFile((value) => {
  started = value;
});

const KEY = {
  adapterId: 'kc|https://idp.example/token|agent',
  agentId: 'finance-agent',
  sub: '00u7q2w9',
  scope: ['finance.read'],
  audience: 'https://api.example.com/finance',
};

function token(asked: { humanId?: string; agentId?: string }) {
  return createDualSubjectToken({
    accessToken: 'opaque-secret',
    tokenType: 'Bearer',
    expiresIn: 300,
    scope: 'finance.read',
    issuedAt: Date.now(),
    ...asked,
  });
}

// A token read back without who it was asked for would pass the client's identity check unread:
// another instance, sharing the cache, could send alice's token under bob's identity.
describe('RedisTokenCache and who a token was asked for', () => {
  it('gives back humanId and agentId as the stored token recorded them', async () => {
    const cache = tokenCacheFor(started.client, {
      prefix: 'asked:',
      encryptionKeys: [{ id: 'k1', key: new Uint8Array(32).fill(1) }],
    });
    await cache.set(KEY, token({ humanId: '00u7q2w9', agentId: 'finance-agent' }));
    const read = await cache.get(KEY);
    expect(read?.humanId).toBe('00u7q2w9');
    expect(read?.agentId).toBe('finance-agent');
  });

  it('gives back a token that recorded no one as recording no one', async () => {
    const cache = tokenCacheFor(started.client, {
      prefix: 'asked-none:',
      encryptionKeys: [{ id: 'k1', key: new Uint8Array(32).fill(1) }],
    });
    await cache.set(KEY, token({}));
    const read = await cache.get(KEY);
    expect(read?.accessToken).toBe('opaque-secret');
    expect(read?.humanId).toBeUndefined();
    expect(read?.agentId).toBeUndefined();
  });
});
