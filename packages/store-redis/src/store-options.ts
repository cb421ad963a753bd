import {
  type Clock,
  checkOption,
  type KnownOptions,
  type Logger,
  loggerOrDefault,
  requireValue,
  systemClock,
} from '@dual-auth/core';
import { type NodeRedisClient, RedisCommands } from './redis-commands.js';
import { DEFAULT_PREFIX, RedisKeys } from './redis-keys.js';
import { StoreFailureLog } from './store-failure-log.js';

/** What both Redis stores take. */
export interface RedisStoreOptions {
  /** A connected node-redis client: one node, Cluster or Sentinel; see {@link createRedisClient}. */
  client: NodeRedisClient;
  /**
   * Put before every key, e.g. `myapp:`; no `{` or `}` (those make Cluster hash tags).
   * Default `dual-auth:`.
   */
  prefix?: string | undefined;
  /**
   * Put the SHA-256 of IAM ids (`act.sub`, `jti`) in keys instead of the ids. Default false: keys
   * then hold IAM ids, never an email or a name. Give every process sharing one Redis and `prefix`
   * the same value: the keys differ otherwise, and a `jti` claimed under one setting is a first use
   * under the other (a replay accepted), a cut-off written under one is not read under the other.
   * Each store records the layout in Redis (`<prefix>key-layout`, at its first operation, again
   * every `policyCheckIntervalMs` or 60 s and after a reconnect) and, under a layout of the other
   * setting, refuses every operation with a `ConfigurationError` (README, "Options"); a change is
   * like an empty Redis, made under a new `prefix`.
   */
  hashIds?: boolean | undefined;
  /**
   * The longest wait for one operation (a claim, a cut-off read or write, a token-cache `get`,
   * `set`, `invalidate` or `tokensOf`), in ms, every command it sends together: the
   * eviction-policy and key-layout checks when due, then its own command(s); past it the
   * operation fails with a `StoreUnavailableError` naming it (replay claims fail closed), and a
   * command not sent yet is not sent. The token cache's `lock`, which waits up to `lockWaitMs` for
   * other instances, bounds each of its commands by it instead. Default 1000; a whole number of
   * milliseconds from 1 to 2^31-1 (a timer holds no more: Node runs a longer delay after 1 ms), else
   * a `TypeError` at creation.
   */
  timeoutMs?: number | undefined;
  /** Default: the system clock. */
  clock?: Clock | undefined;
  /**
   * The most commands the stores may have sent on `client` (this client object, every store on
   * it counted together) and Redis not answered yet; a call that would send one more is refused
   * at once, unsent, with a `StoreUnavailableError` (fail closed: a claim or cut-off read is
   * refused, a token-cache lookup goes to the IdP) and a `redis_store_failed` line of cause
   * `too_many_pending`. A stalled Redis (stopped, `DEBUG SLEEP`, a saturated network) leaves
   * written commands waiting until it answers or the client drops the connection
   * (`deadConnectionAfterMs` of {@link createRedisClient}, 10 s): the stores give up on each at
   * `timeoutMs`, but under load arriving at its own pace their commands, promises and buffers
   * piled up, about 4 KB of heap each (docs/operations.md). Node-redis's own
   * `commandsQueueMaxLength` would count its handshake and the dead-connection probe too, and
   * refuse them while full: leave it unset.
   *
   * Default 10 000: a process making 5 000 store calls a second (two commands each) reaches it only
   * when Redis has answered none for a second (the default `timeoutMs`); a healthy Redis answers in
   * milliseconds, keeping a few hundred pending at that rate. A whole number above 0, else a
   * `TypeError` at creation.
   */
  maxPendingCommands?: number | undefined;
}

/** What the stores of security state (replay claims, delegation cut-offs) take besides {@link RedisStoreOptions}. */
export interface RedisSecurityStoreOptions extends RedisStoreOptions {
  /**
   * Go on, with a `redis_eviction_policy_accepted` warning, when Redis's `maxmemory-policy` is not
   * `noeviction`: under memory pressure Redis may then evict a spent `jti` (a replay is accepted)
   * or a cut-off (an ended delegation works again). Default false: every operation of the store
   * fails closed with a `StoreUnavailableError` until the policy is `noeviction`, but for the
   * writing of a cut-off, which goes on (better written than not).
   */
  acceptEvictionRisk?: boolean | undefined;
  /**
   * How long, in ms, a `maxmemory-policy` that passed, and the key layout found (see `hashIds`),
   * are trusted before the next operation asks Redis again (the policy may change at run time, a
   * flushed Redis holds no layout); a reconnect of a single-node client asks again at once.
   * Default 60 000.
   */
  policyCheckIntervalMs?: number | undefined;
  /**
   * Hears `redis_eviction_policy_refused`, `_accepted` and `_unknown` (store and policy only),
   * `redis_store_failed` (why a command failed: no answer within `timeoutMs`, Redis's refusal
   * code such as `OOM` or `NOPERM`, or `too_many_pending` past `maxPendingCommands`; at most one
   * line of a kind every 10 s), and, from
   * `RedisDelegationCutoffStore.endDelegation`, `redis_clock_skew` (store and `skew_seconds`, never
   * the human) when this process's clock is further than `maxClockSkewMs` off Redis's.
   */
  logger?: Logger | undefined;
  /**
   * The most this process's clock (`clock`) may differ from Redis's (`TIME`), in ms, ahead or
   * behind: past it, every replay claim and cut-off read rejects with core's
   * `StoreUnavailableError` of reason `clock_skew` (the credential is refused; its message gives
   * the difference in seconds and names NTP), as neither clock can then be trusted to say how long
   * a claim or cut-off must live. Compared inside the claim's own script (no extra round trip).
   * Within it, a claim lives at most Redis's clock + its lifetime + 15 s + this, and a cut-off is
   * kept this much past its `keepMs` (a reader's clock up to this far behind still finds it).
   * Default 300 000 (5 minutes: NTP keeps hosts within milliseconds, Kerberos allows 5 minutes,
   * 20 times the verifiers' 15 s tolerance); a whole number of ms from 1 to a year, else a
   * `TypeError` at creation.
   */
  maxClockSkewMs?: number | undefined;
}

/** The option names of {@link RedisStoreOptions}, for `refuseUnknownOptions`. */
export const STORE_OPTIONS = {
  client: true,
  prefix: true,
  hashIds: true,
  timeoutMs: true,
  clock: true,
  maxPendingCommands: true,
} as const satisfies KnownOptions<RedisStoreOptions>;

/** The option names of {@link RedisSecurityStoreOptions}, for `refuseUnknownOptions`. */
export const SECURITY_STORE_OPTIONS = {
  ...STORE_OPTIONS,
  acceptEvictionRisk: true,
  policyCheckIntervalMs: true,
  logger: true,
  maxClockSkewMs: true,
} as const satisfies KnownOptions<RedisSecurityStoreOptions>;

/**
 * `options[name]` when it is undefined or a delay a timer holds: a whole number of milliseconds
 * from 1 to 2^31-1. Node runs a longer delay after 1 ms, so a timeout meant as "very long" would
 * end every wait at once.
 *
 * @throws TypeError naming the option otherwise.
 */
export function timerDelayOption(options: object, name: string): number | undefined {
  checkOption(options, name, 'positive');
  return checkOption(options, name, 'milliseconds');
}

/** A {@link RedisStoreOptions} checked and with its defaults. */
export interface ResolvedStoreOptions {
  readonly commands: RedisCommands;
  readonly keys: RedisKeys;
  readonly prefix: string;
  readonly hashIds: boolean;
  readonly timeoutMs: number;
  readonly clock: Clock;
}

const DEFAULT_TIMEOUT_MS = 1000;
const DEFAULT_MAX_PENDING_COMMANDS = 10_000;

/**
 * The options both stores share, checked, with their defaults and the client wrapped.
 *
 * @throws TypeError naming the option that is wrong.
 */
export function resolveStoreOptions(
  options: RedisStoreOptions,
  owner: string,
): ResolvedStoreOptions {
  requireValue(options, 'options', 'object');
  const { prefix = DEFAULT_PREFIX } = options;
  if (typeof prefix !== 'string' || prefix.length > 100 || /[{}]/.test(prefix)) {
    throw new TypeError(
      `${owner}: prefix must be a string of at most 100 characters, without { or }`,
    );
  }
  const hashIds = checkOption(options, 'hashIds', 'boolean') ?? false;
  const clock = checkOption(options, 'clock', 'clock') ?? systemClock;
  const timeoutMs = timerDelayOption(options, 'timeoutMs') ?? DEFAULT_TIMEOUT_MS;
  const maxPendingCommands =
    checkOption(options, 'maxPendingCommands', 'positiveInteger') ?? DEFAULT_MAX_PENDING_COMMANDS;
  // The security stores and the token cache take a logger; checked here, before any command.
  const logger = loggerOrDefault(checkOption(options, 'logger', 'logger'));
  const failures = new StoreFailureLog(owner, logger, clock);
  return {
    commands: new RedisCommands(options.client, { timeoutMs, maxPendingCommands }, owner, failures),
    keys: new RedisKeys(prefix, hashIds),
    prefix,
    hashIds,
    timeoutMs,
    clock,
  };
}
