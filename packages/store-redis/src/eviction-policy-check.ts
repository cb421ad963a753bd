import type { Clock, Logger, StoreOperation } from '@dual-auth/core';
import { checkOption, loggerOrDefault, StoreUnavailableError } from '@dual-auth/core';
import type { RedisCommands } from './redis-commands.js';
import type { RedisSecurityStoreOptions } from './store-options.js';
import { TrustedCheck } from './trusted-check.js';

/** Default of `policyCheckIntervalMs`: a policy that passed is asked again after a minute. */
export const DEFAULT_POLICY_CHECK_INTERVAL_MS = 60_000;

/**
 * Checks that Redis may not evict what a security store keeps (replay claims, delegation
 * cut-offs): its `maxmemory-policy` must be `noeviction`. Every other policy evicts keys with a
 * TTL under memory pressure (the `volatile-*` ones, ElastiCache's default `volatile-lru` among
 * them) or any key (`allkeys-*`), so ordinary token-cache writes to the same Redis could remove a
 * cut-off or a spent `jti`, and a replay would then be accepted
 * (https://redis.io/docs/latest/develop/reference/eviction/).
 *
 * Asked at the first operation, then again at the first operation once `policyCheckIntervalMs`
 * has passed on the store's clock, or after the client reconnected (its `ready` event): the
 * policy may change at run time (`CONFIG SET`, a failover to another replica, a restart).
 *
 * Another policy refuses the operation with a `StoreUnavailableError` (fail closed) and logs
 * `redis_eviction_policy_refused` once per policy, unless `acceptEvictionRisk` is set: then it logs
 * `redis_eviction_policy_accepted` once per policy and goes on. A Redis that refuses `CONFIG GET`
 * (managed Redis, an ACL without it) cannot be checked: `redis_eviction_policy_unknown` is logged
 * once and the store goes on. Log fields: the store and the policy, nothing else.
 */
export class EvictionPolicyCheck {
  readonly #commands: RedisCommands;
  readonly #owner: string;
  readonly #logger: Logger;
  readonly #acceptEvictionRisk: boolean;
  readonly #loggedPolicies = new Set<string>();
  // The refused policy, or undefined when the store may go on.
  readonly #trusted: TrustedCheck<string>;
  #unknownLogged = false;
  // The policy Redis last named (undefined: it did not say).
  #policy: string | undefined;

  /**
   * @throws TypeError when `acceptEvictionRisk`, `policyCheckIntervalMs` or `logger` is of the
   *   wrong type.
   */
  constructor(
    commands: RedisCommands,
    clock: Clock,
    owner: string,
    options: RedisSecurityStoreOptions,
  ) {
    this.#commands = commands;
    this.#owner = owner;
    this.#logger = loggerOrDefault(checkOption(options, 'logger', 'logger'));
    this.#acceptEvictionRisk = checkOption(options, 'acceptEvictionRisk', 'boolean') ?? false;
    const intervalMs =
      checkOption(options, 'policyCheckIntervalMs', 'positive') ?? DEFAULT_POLICY_CHECK_INTERVAL_MS;
    this.#trusted = new TrustedCheck(clock, intervalMs, options.client, (operation) =>
      this.#check(operation),
    );
  }

  /**
   * Resolves when Redis's policy keeps security state, or may not be checked, or the risk is
   * accepted; a refused policy is asked again at the next operation (it may have been fixed).
   *
   * @param write - true for a write that is better made on an evicting Redis than not at all (a
   *   cut-off): a refused policy is logged, and the write goes on.
   * @throws StoreUnavailableError when the policy evicts, the risk is not accepted and this is not
   *   such a write; or when Redis does not answer.
   */
  async ensure(operation: StoreOperation, write = false): Promise<void> {
    const refused = await this.#trusted.run(operation);
    if (refused === undefined || write) return;
    throw new StoreUnavailableError(
      operation,
      `Redis's maxmemory-policy is ${refused}: it may evict replay claims and delegation cut-offs. Set maxmemory-policy noeviction (or keep security state in a Redis of its own that has it), or pass acceptEvictionRisk: true to ${this.#owner}`,
    );
  }

  /**
   * Whether Redis may evict keys: true unless its `maxmemory-policy` was last read as
   * `noeviction` (a Redis that does not answer `CONFIG GET` may evict). Asked as {@link ensure}
   * asks, never refused.
   *
   * @throws StoreUnavailableError when Redis does not answer.
   */
  async mayEvict(operation: StoreOperation): Promise<boolean> {
    await this.ensure(operation, true);
    return this.#policy !== 'noeviction';
  }

  /** Asks Redis; the refused policy, or undefined when the store may go on. */
  async #check(operation: StoreOperation): Promise<string | undefined> {
    const reply = await this.#commands.configGet(operation, 'maxmemory-policy');
    this.#policy = reply ?? undefined;
    const store = this.#owner;
    if (reply === null || reply === undefined) {
      if (!this.#unknownLogged) this.#logger.warn('redis_eviction_policy_unknown', { store });
      this.#unknownLogged = true;
    } else if (reply !== 'noeviction') {
      // A policy name is a short word; anything else is not echoed.
      const policy = /^[a-z-]{1,32}$/.test(reply) ? reply : 'unrecognized';
      const firstTime = !this.#loggedPolicies.has(policy);
      this.#loggedPolicies.add(policy);
      if (!this.#acceptEvictionRisk) {
        if (firstTime) this.#logger.error('redis_eviction_policy_refused', { store, policy });
        return policy;
      }
      if (firstTime) this.#logger.warn('redis_eviction_policy_accepted', { store, policy });
    }
    return undefined;
  }
}
