import { describe, expect, it } from 'vitest';
import { serializeTokenCacheKey, tokenCacheKeyPath } from './token-cache-key.js';

const key = (parts: Partial<Parameters<typeof tokenCacheKeyPath>[0]> = {}) => ({
  adapterId: 'kc',
  agentId: 'agent',
  sub: 'u-1',
  scope: ['a'],
  audience: 'api',
  ...parts,
});

describe('token cache keys', () => {
  it('never let two different requests share a key, whatever the parts contain', () => {
    const keys = [
      key({ agentId: 'a|b', sub: 'c' }),
      key({ agentId: 'a', sub: 'b|c' }),
      key({ agentId: '1:a', sub: 'c' }),
      key({ agentId: '', sub: '1:a1:c' }),
      key({ scope: ['a', 'b'] }),
      key({ scope: ['a'], audience: 'b api' }),
      key({ actDigest: 'x' }),
    ];
    expect(new Set(keys.map(serializeTokenCacheKey)).size).toBe(keys.length);
    expect(new Set(keys.map((k) => JSON.stringify(tokenCacheKeyPath(k)))).size).toBe(keys.length);
  });

  it('file scopes as the IdP is asked for them: sorted, deduplicated, space-joined', () => {
    expect(tokenCacheKeyPath(key({ scope: ['b', 'a', 'b'] }))).toEqual(
      tokenCacheKeyPath(key({ scope: ['a', 'b'] })),
    );
    expect(tokenCacheKeyPath(key({ scope: ['b', 'a'] }))[3]).toBe('a b');
    expect(serializeTokenCacheKey(key({ scope: ['b', 'a'] }))).toBe(
      serializeTokenCacheKey(key({ scope: ['a', 'b'] })),
    );
  });
});
