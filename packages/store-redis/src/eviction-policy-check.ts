import type { Logger, StoreOperation } from '@dual-auth/core';
import { checkOption, loggerOrDefault, StoreUnavailableError } from '@dual-auth/core';
import type { RedisCommands } from './redis-commands.js';
import type { RedisSecurityStoreOptions } from './store-options.js';

/**
 * Checks, once per store, that Redis may not evict what a security store keeps (replay claims,
 * delegation cut-offs): its `maxmemory-policy` must be `noeviction`. Every other policy evicts
 * keys with a TTL under memory pressure (the `volatile-*` ones, ElastiCache's default
 * `volatile-lru` among them) or any key (`allkeys-*`), so ordinary token-cache writes to the same
 * Redis could remove a cut-off or a spent `jti`, and a replay would then be accepted
 * (https://redis.io/docs/latest/develop/reference/eviction/).
 *
 * Another policy refuses every operation with a `StoreUnavailableError` (fail closed) and logs
 * `redis_eviction_policy_refused` once per policy, unless `acceptEvictionRisk` is set: then it logs
 * `redis_eviction_policy_accepted` once and goes on. A Redis that refuses `CONFIG GET` (managed
 * Redis, an ACL without it) cannot be checked: `redis_eviction_policy_unknown` is logged once and
 * the store goes on. Log fields: the store and the policy, nothing else.
 */
export class EvictionPolicyCheck {
  readonly #commands: RedisCommands;
  readonly #owner: string;
  readonly #logger: Logger;
  readonly #acceptEvictionRisk: boolean;
  readonly #refusedPolicies = new Set<string>();
  #passed = false;
  #pending: Promise<void> | undefined;

  /** @throws TypeError when `acceptEvictionRisk` or `logger` is of the wrong type. */
  constructor(commands: RedisCommands, owner: string, options: RedisSecurityStoreOptions) {
    this.#commands = commands;
    this.#owner = owner;
    this.#logger = loggerOrDefault(checkOption(options, 'logger', 'logger'));
    this.#acceptEvictionRisk = checkOption(options, 'acceptEvictionRisk', 'boolean') ?? false;
  }

  /**
   * Resolves once Redis's policy keeps security state, or may not be checked, or the risk is
   * accepted; a refused policy is asked again at the next operation (it may have been fixed).
   *
   * @throws StoreUnavailableError when the policy evicts and the risk is not accepted, or when
   *   Redis does not answer.
   */
  ensure(operation: StoreOperation): Promise<void> {
    if (this.#passed) return Promise.resolve();
    this.#pending ??= this.#check(operation).finally(() => {
      this.#pending = undefined;
    });
    return this.#pending;
  }

  async #check(operation: StoreOperation): Promise<void> {
    const reply = await this.#commands.configGet(operation, 'maxmemory-policy');
    const store = this.#owner;
    if (reply === null || reply === undefined) {
      this.#logger.warn('redis_eviction_policy_unknown', { store });
    } else if (reply !== 'noeviction') {
      // A policy name is a short word; anything else is not echoed.
      const policy = /^[a-z-]{1,32}$/.test(reply) ? reply : 'unrecognised';
      if (!this.#acceptEvictionRisk) {
        if (!this.#refusedPolicies.has(policy)) {
          this.#refusedPolicies.add(policy);
          this.#logger.error('redis_eviction_policy_refused', { store, policy });
        }
        throw new StoreUnavailableError(
          operation,
          `Redis's maxmemory-policy is ${policy}: it may evict replay claims and delegation cut-offs. Set maxmemory-policy noeviction (or keep security state in a Redis of its own that has it), or pass acceptEvictionRisk: true to ${store}`,
        );
      }
      this.#logger.warn('redis_eviction_policy_accepted', { store, policy });
    }
    this.#passed = true;
  }
}
