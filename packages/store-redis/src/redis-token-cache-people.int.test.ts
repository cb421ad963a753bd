import { inspect } from 'node:util';
import { createDualSubjectToken } from '@dual-auth/core';
import { describe, expect, it } from 'vitest';
import { type RedisWithClient, redisPerFile } from '../test/support/redis-client.js';
import { tokenCacheFor } from '../test/support/stores.js';

let started: RedisWithClient;
redisPerFile((value) => {
  started = value;
});

describe('RedisTokenCache and a per-user scope', () => {
  it('gives back a token that shows its scope as the stored one did: the human blanked', async () => {
    const cache = tokenCacheFor(started.client, {
      prefix: 'people:',
      encryptionKeys: [{ id: 'k1', key: new Uint8Array(32).fill(1) }],
    });
    const key = {
      adapterId: 'kc|https://idp.example/token|agent',
      agentId: 'finance-agent',
      sub: '00u7q2w9',
      scope: ['files:aliddell', 'finance.read'],
      audience: 'https://api.example.com/finance',
    };
    await cache.set(
      key,
      createDualSubjectToken({
        accessToken: 'opaque-secret',
        tokenType: 'Bearer',
        expiresIn: 300,
        scope: 'finance.read files:aliddell',
        issuedAt: Date.now(),
        people: ['00u7q2w9', 'aliddell'],
      }),
    );
    const read = await cache.get(key);
    expect(read?.scope).toBe('finance.read files:aliddell');
    for (const shown of [String(read), JSON.stringify(read), inspect(read)]) {
      expect(shown).toContain('finance.read files:***REDACTED***');
      expect(shown).not.toContain('aliddell');
    }
  });
});
