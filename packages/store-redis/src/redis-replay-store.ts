import type { ReplayClaimOptions, ReplayStore } from '@dual-auth/core';
import { CLAIM_BOUND } from './lua-scripts.js';
import {
  type RedisStoreOptions,
  type ResolvedStoreOptions,
  resolveStoreOptions,
} from './store-options.js';

/** What {@link RedisReplayStore} takes. */
export type RedisReplayStoreOptions = RedisStoreOptions;

const INSPECT = Symbol.for('nodejs.util.inspect.custom');

/**
 * A {@link ReplayStore} shared by every instance that uses the same Redis: an act JWT (session)
 * or act assertion (resource) accepted by one instance is a replay for all of them. A claim is one
 * atomic command: `SET key NX PX` for a single-use `jti`, a small Lua script when the claim has a
 * binding (compare-and-set against the first binding). The key lives until `expiresAt`, counted
 * on this instance's clock (the one that judged the token's `exp`), not on Redis's.
 *
 * Fails closed: when Redis is unreachable, refuses, or does not answer within `timeoutMs`, the
 * claim rejects with core's `StoreUnavailableError` and the verifiers refuse the credential with
 * reason `replay_store_unavailable` (the resource guard answers 503). The client reconnects by
 * itself; claims succeed again as soon as it has.
 *
 * @example
 * ```ts
 * import { createRedisClient, RedisReplayStore } from '@dual-auth/store-redis';
 *
 * const client = createRedisClient({ url: 'redis://redis.internal:6379' });
 * const replayStore = new RedisReplayStore({ client, timeoutMs: 500 });
 * await replayStore.claim(jti, exp * 1000); // true on first use, on any instance; false after
 * ```
 */
export class RedisReplayStore implements ReplayStore {
  readonly #store: ResolvedStoreOptions;

  /** @throws TypeError on a wrong option. */
  constructor(options: RedisReplayStoreOptions) {
    this.#store = resolveStoreOptions(options, 'RedisReplayStore');
  }

  /**
   * Claims `jti` until `expiresAt` (ms since epoch); see core's `ReplayStore.claim`.
   *
   * @throws TypeError on a bad argument; `StoreUnavailableError` when Redis does not answer.
   */
  async claim(jti: string, expiresAt: number, options: ReplayClaimOptions = {}): Promise<boolean> {
    if (typeof jti !== 'string' || jti === '') {
      throw new TypeError('claim: jti must be a non-empty string');
    }
    if (typeof expiresAt !== 'number' || !Number.isFinite(expiresAt)) {
      throw new TypeError('claim: expiresAt must be a finite number (ms since epoch)');
    }
    if (typeof options !== 'object' || options === null) {
      throw new TypeError('claim: options must be an object');
    }
    const { binding } = options;
    if (binding !== undefined && (typeof binding !== 'string' || binding === '')) {
      throw new TypeError('claim: options.binding must be a non-empty string');
    }
    const { commands, keys, clock } = this.#store;
    const key = keys.replay(jti);
    // At least 1 ms: Redis refuses PX 0, and a claim at its very expiry is still a first use.
    const ttlMs = Math.max(1, Math.ceil(expiresAt - clock.now()));
    if (binding === undefined) return commands.setIfAbsent('claim', key, 'u', ttlMs);
    const won = await commands.run('claim', CLAIM_BOUND, [key], [`b:${binding}`, String(ttlMs)]);
    return won === 1;
  }

  /** Shows the prefix and timeout, never a key. */
  [INSPECT](): string {
    return `RedisReplayStore { prefix: '${this.#store.prefix}', timeoutMs: ${this.#store.timeoutMs} }`;
  }
}
