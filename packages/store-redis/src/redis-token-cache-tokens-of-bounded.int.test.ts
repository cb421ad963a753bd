import { createDualSubjectToken } from '@dual-auth/core';
import { createRecordingLogger } from '@dual-auth/testing';
import { describe, expect, it } from 'vitest';
import { type RedisWithClient, redisPerFile } from '../test/support/redis-client.js';
import { tokenCacheFor } from '../test/support/stores.js';
import type { NodeRedisClient } from './index.js';
import { LIST_HUMAN_TOKENS } from './lua-scripts.js';

let started: RedisWithClient;
redisPerFile((value) => {
  started = value;
});

const PAGE_SIZE = 1000;
const ENTRIES = 2 * PAGE_SIZE + 500;
const AGENTS_KEY = { id: 'agents', key: new Uint8Array(32).fill(1) };
const WEB_APP_KEY = { id: 'web-app', key: new Uint8Array(32).fill(2) };

/**
 * `client`, telling `received` the sealed values each page of `tokensOf`'s listing brings back
 * (`LIST_HUMAN_TOKENS`: three counts, then an entry and its value each), as Redis answers it.
 */
function countingPages(client: NodeRedisClient, received: (values: number) => void) {
  const counted = (reply: unknown, sha1OrSource: string) => {
    const listing =
      sha1OrSource === LIST_HUMAN_TOKENS.sha1 || sha1OrSource === LIST_HUMAN_TOKENS.source;
    if (listing && Array.isArray(reply)) received((reply.length - 3) / 2);
    return reply;
  };
  return {
    withCommandOptions(options: Parameters<NodeRedisClient['withCommandOptions']>[0]) {
      const commands = client.withCommandOptions(options) as Record<string, unknown>;
      return new Proxy(commands, {
        get(target, name) {
          const value = Reflect.get(target, name, target);
          if (typeof value !== 'function') return value;
          if (name !== 'evalSha' && name !== 'eval') return value.bind(target);
          return async (script: string, ...rest: unknown[]) =>
            counted(await value.call(target, script, ...rest), script);
        },
      });
    },
  } satisfies NodeRedisClient;
}

// Finding (carried since session 38): `tokensOf` read every page of a human's entries into memory
// before it opened any: with 8 MiB a value and no bound on their count, the values held at once
// grew with the human's entries. Counted here as values Redis has answered that the listing has
// not yet opened (each value that does not open is logged as it is opened), at each page.
describe('RedisTokenCache.tokensOf over many pages', () => {
  it('holds at most one page of sealed values at once, whatever the number of entries', async () => {
    const { client } = started;
    const prefix = 'bounded-listing:';
    const webApp = tokenCacheFor(client, { prefix, encryptionKeys: [WEB_APP_KEY] });
    const key = (i: number) => ({
      adapterId: 'kc|https://idp.example/token|agent',
      agentId: 'finance-agent',
      sub: 'alice',
      scope: [`s${i}`],
      audience: 'https://api.example.com/finance',
    });
    const token = createDualSubjectToken({
      accessToken: 'opaque',
      tokenType: 'Bearer',
      expiresIn: 300,
      scope: 's',
      issuedAt: Date.now(),
    });
    for (let i = 0; i < ENTRIES; i += 100) {
      await Promise.all(Array.from({ length: 100 }, (_, j) => webApp.set(key(i + j), token)));
    }
    const logger = createRecordingLogger();
    const opened = () => logger.records.filter((r) => r.event === 'token_cache_unreadable').length;
    let received = 0;
    let mostHeld = 0;
    const agents = tokenCacheFor(
      countingPages(client, (values) => {
        received += values;
        mostHeld = Math.max(mostHeld, received - opened());
      }),
      { prefix, encryptionKeys: [AGENTS_KEY], logger },
    );
    const told: number[] = [];
    const listed = await agents.tokensOf('alice', key(0).adapterId, {
      unreadable: (count) => told.push(count),
    });
    expect(listed).toEqual([]);
    expect(told).toEqual([ENTRIES]);
    expect(received).toBe(ENTRIES);
    expect(mostHeld).toBeGreaterThan(0);
    expect(mostHeld).toBeLessThanOrEqual(PAGE_SIZE);
  }, 120_000);
});
