import { SingleFlightTokenCache } from '@dual-auth/session';
import { describe, expect, it } from 'vitest';
import { eventually, readyClient } from '../test/support/redis-client.js';
import {
  financeKey as key,
  tokenCacheScenario,
  useTokenCacheRedis,
} from '../test/support/token-cache-scenario.js';
import { RedisKeys } from './redis-keys.js';

// Attack (eviction): the README puts the token cache in a Redis that may evict ("its entries are
// fine to evict: a miss asks the IdP"), and ElastiCache's default is volatile-lru. Since this
// session, the cache's Redis also holds security state: `{sub}:invalidated`, a 24 h record with a
// TTL that stops a request under way at a logout from writing its token back. Ordinary token
// writes for other humans evict that record, and the pre-logout token is stored and served; the
// token cache, unlike the replay and cut-off stores, never checks maxmemory-policy.

const at = useTokenCacheRedis();

describe.each([
  { policy: 'volatile-lru', title: 'volatile-lru (ElastiCache default)' },
  { policy: 'allkeys-lru', title: 'allkeys-lru' },
])('attack: the token cache in a Redis with $title', ({ policy }) => {
  it("does not hand out a token requested before the human's invalidate after other writes", async () => {
    const prefix = `evict-${policy}:`;
    const { time, clock, store, idp, calls, answer } = tokenCacheScenario(prefix);
    const { client, cli } = at;
    const other = await readyClient(at.redis.url);
    try {
      const instanceA = new SingleFlightTokenCache({ store: store(client), clock });
      const filler = store(client);
      const instanceB = new SingleFlightTokenCache({ store: store(other), clock });
      const underWay = instanceB.getOrRequest(key('u-logout'), idp);
      await eventually(async () => calls() === 1);
      time.ms += 1_000;
      await instanceA.invalidate('u-logout'); // the human logs out
      const invalidated = new RedisKeys(prefix, false).invalidated('u-logout');
      expect(await cli('EXISTS', invalidated)).toBe('1');
      // A cache Redis as the README allows it: a memory limit that evicts keys with a TTL.
      const used = Number((await cli('INFO', 'memory')).match(/used_memory:(\d+)/)?.[1]);
      await cli('CONFIG', 'SET', 'maxmemory', String(used + 512 * 1024));
      await cli('CONFIG', 'SET', 'maxmemory-policy', policy);
      // Other humans' tokens are cached, as on any busy agent: 500 at a time, as concurrent
      // requests do (the client pipelines them; 50 one by one, with a redis-cli look between
      // batches, took 12 s).
      for (let i = 0; i < 2_000 && (await cli('EXISTS', invalidated)) === '1'; i += 1) {
        await Promise.all(
          Array.from({ length: 500 }, async (_, j) => filler.set(key(`u-${i}-${j}`), await idp())),
        );
      }
      expect(await cli('EXISTS', invalidated)).toBe('0');
      time.ms += 1_000;
      answer();
      await underWay;
      const served = await instanceA.getOrRequest(key('u-logout'), idp);
      expect(served.accessToken).not.toBe('opaque-1');
    } finally {
      await cli('CONFIG', 'SET', 'maxmemory', '0').catch(() => '');
      await cli('CONFIG', 'SET', 'maxmemory-policy', 'noeviction').catch(() => '');
      await other.close();
    }
  }, 120_000);
});
