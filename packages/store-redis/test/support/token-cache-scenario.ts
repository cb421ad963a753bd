import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { TokenCacheKey } from '@dual-auth/core';
import type { LocalRedis } from '@dual-auth/testing';
import { afterAll, beforeAll } from 'vitest';
import type { StoreRedisClient } from '../../src/index.js';
import type { RedisTokenCache } from '../../src/redis-token-cache.js';
import { type HeldIdp, heldIdp } from './held-idp.js';
import { startRedisWithClient, stopRedisWithClient } from './redis-client.js';
import { tokenCacheFor } from './stores.js';

const run = promisify(execFile);

/** The AES-GCM key the token cache tests seal with (a fixed test value, no secret). */
export const TEST_ENCRYPTION_KEY = { id: 'k1', key: Buffer.alloc(32, 7).toString('base64') };

/** Runs `redis-cli -p <port> …args` and resolves its trimmed output: Redis as an operator sees it. */
function redisCli(port: number): (...args: string[]) => Promise<string> {
  return async (...args) => (await run('redis-cli', ['-p', String(port), ...args])).stdout.trim();
}

/** The cache key of one human's finance token, for the finance agent. */
export function financeKey(sub: string): TokenCacheKey {
  return {
    adapterId: 'kc|https://idp.example/token|agent',
    agentId: 'finance-agent',
    sub,
    scope: ['finance.read'],
    audience: 'https://api.example.com/finance',
  };
}

/** A test file's own Redis, as {@link useTokenCacheRedis} gives it: read inside tests. */
export interface TokenCacheRedis {
  redis: LocalRedis;
  client: StoreRedisClient;
  /** `redis-cli` on it ({@link redisCli}). */
  cli: (...args: string[]) => Promise<string>;
}

/**
 * Starts a redis-server and a ready client before the file's tests (then runs `setUp` with its
 * `redis-cli`: a maxmemory-policy), stops them after; the fields are set from `beforeAll` on.
 */
export function useTokenCacheRedis(
  setUp: (cli: TokenCacheRedis['cli']) => Promise<unknown> = async () => {},
): TokenCacheRedis {
  const at = {} as TokenCacheRedis;
  beforeAll(async () => {
    Object.assign(at, await startRedisWithClient());
    at.cli = redisCli(at.redis.port);
    await setUp(at.cli);
  });
  afterAll(() => stopRedisWithClient(at));
  return at;
}

/** One token cache scenario: a clock the test moves, stores on it and an IdP held on it. */
export interface TokenCacheScenario extends HeldIdp {
  /** The scenario's time in ms, which `clock` reads: move it forward to pass time. */
  time: { ms: number };
  clock: { now(): number };
  /**
   * A {@link RedisTokenCache} on `client` under the scenario's prefix, sealing with
   * {@link TEST_ENCRYPTION_KEY}, from {@link tokenCacheFor} (its long `timeoutMs`: Redis is healthy
   * in these tests).
   */
  store(client: StoreRedisClient): RedisTokenCache;
}

/**
 * A {@link TokenCacheScenario} under `prefix`, its time starting now; its stores take
 * `clockToleranceSeconds` when given (a small one, for a test that lets real time pass it).
 */
export function tokenCacheScenario(
  prefix: string,
  clockToleranceSeconds?: number,
): TokenCacheScenario {
  const time = { ms: Date.now() };
  const clock = { now: () => time.ms };
  // The factory's long timeoutMs: the default (1 s per command) raced 500 pipelined writes on a
  // busy machine and failed them.
  const store = (client: StoreRedisClient) =>
    tokenCacheFor(client, {
      prefix,
      encryptionKeys: [TEST_ENCRYPTION_KEY],
      clock,
      clockToleranceSeconds,
    });
  return { time, clock, store, ...heldIdp(time) };
}
