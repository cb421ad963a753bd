import {
  createDualSubjectToken,
  type DualSubjectToken,
  type IamAdapter,
  InMemoryDelegationCutoffStore,
  StoreUnavailableError,
  type TokenRevocationOutcome,
} from '@dual-auth/core';
import { endDelegation, SingleFlightTokenCache } from '@dual-auth/session';
import { afterAll, describe, expect, it } from 'vitest';
import { eventually, readyClient } from '../test/support/redis-client.js';
import { tokenCacheFor } from '../test/support/stores.js';
import { type RedisBehindProxy, redisBehindProxyPerFile } from '../test/support/tcp-proxy.js';
import {
  TEST_ENCRYPTION_KEY as KEY,
  financeKey as key,
} from '../test/support/token-cache-scenario.js';
import type { StoreRedisClient } from './index.js';
import { RedisKeys } from './redis-keys.js';

let started: RedisBehindProxy;
let proxied: StoreRedisClient;
let direct: StoreRedisClient;
redisBehindProxyPerFile(async (value) => {
  started = value;
  proxied = await readyClient(`redis://127.0.0.1:${value.proxy.port}`);
  direct = await readyClient(value.redis.url);
});
afterAll(async () => {
  await proxied?.close().catch(() => undefined);
  await direct?.close();
});

/** An adapter of `key(…)`'s adapter id that revokes what it is given, recording it. */
function revokingAdapter(revoked: string[]): IamAdapter {
  return {
    id: key('u-alice').adapterId,
    revokeToken: async (token: DualSubjectToken): Promise<TokenRevocationOutcome> => {
      revoked.push(token.accessToken);
      return { status: 'revoked', endpoint: 'https://idp.example/revoke' };
    },
  } as unknown as IamAdapter;
}

// Attack (a Redis connection dropped mid-script): `endDelegation` lists the human's tokens, drops
// them (`invalidate`, one script), then revokes what it listed. When the connection drops after
// Redis ran the script but before its answer came back, `invalidate` rejects and `endDelegation`
// rejected before revoking anything; the retry it asks for lists nothing (the script deleted the
// entries), so the tokens were never revoked at the IdP.
describe('attack: the answer of invalidate lost after Redis ran it', () => {
  it('revokes what was listed before it rejects, so the retry that finds nothing has lost nothing', async () => {
    const { proxy } = started;
    const prefix = 'reply-lost:';
    const redisCache = tokenCacheFor(proxied, { prefix, encryptionKeys: [KEY], timeoutMs: 30_000 });
    const index = new RedisKeys(prefix, false).index('u-alice');
    // The store as the cache sees it, but its drop's answer lost on the wire once Redis ran it.
    const store = {
      get: (k: Parameters<typeof redisCache.get>[0]) => redisCache.get(k),
      set: (k: Parameters<typeof redisCache.set>[0], t: DualSubjectToken) => redisCache.set(k, t),
      tokensOf: (...args: Parameters<typeof redisCache.tokensOf>) => redisCache.tokensOf(...args),
      invalidate: async (sub: string) => {
        // Replies pass, a hold at a time, until Redis has run the script: its answer is then in a
        // hold taken before that look, never released.
        const holds = [proxy.holdReplies()];
        const dropping = redisCache.invalidate(sub);
        await eventually(async () => {
          holds.push(proxy.holdReplies());
          if ((await direct.exists(index)) === 0) return true;
          holds.shift()?.release();
          return false;
        });
        proxy.goDown();
        try {
          return await dropping;
        } finally {
          // The flows are gone: nothing held reaches the cache, and later replies pass again.
          for (const hold of holds) hold.release();
          proxy.restore();
        }
      },
    };
    const cache = new SingleFlightTokenCache({ store });
    await cache.getOrRequest(key('u-alice'), async () =>
      createDualSubjectToken({
        accessToken: 'alice-token',
        tokenType: 'Bearer',
        expiresIn: 3600,
        scope: 'finance.read',
        issuedAt: Date.now(),
      }),
    );
    const revoked: string[] = [];
    const options = {
      human: 'u-alice',
      cache,
      adapter: revokingAdapter(revoked),
      cutoffStore: new InMemoryDelegationCutoffStore(),
    };

    const error = await endDelegation(options).catch((e: unknown) => e);
    expect(StoreUnavailableError.isInstance(error)).toBe(true);
    expect(revoked).toEqual(['alice-token']);
    // The retry, once Redis answers again: nothing left to list, nothing lost.
    store.invalidate = (sub) => redisCache.invalidate(sub);
    await eventually(async () => (await proxied.ping()) === 'PONG');
    const retried = await endDelegation(options);
    expect(retried.revocations).toEqual([]);
    expect(revoked).toEqual(['alice-token']);
  }, 120_000);
});
