import { type Clock, systemClock } from '@dual-auth/core';
import { positiveOption } from '@dual-auth/core/adapter-kit';
import { type NodeRedisClient, RedisCommands } from './redis-commands.js';
import { DEFAULT_PREFIX, RedisKeys } from './redis-keys.js';

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
   * then hold IAM ids, never an email or a name.
   */
  hashIds?: boolean | undefined;
  /**
   * The longest wait for one Redis command, in ms; past it the operation fails with a
   * `StoreUnavailableError` (replay claims fail closed). Default 1000.
   */
  timeoutMs?: number | undefined;
  /** Default: the system clock. */
  clock?: Clock | undefined;
}

/** A {@link RedisStoreOptions} checked and with its defaults. */
export interface ResolvedStoreOptions {
  readonly commands: RedisCommands;
  readonly keys: RedisKeys;
  readonly prefix: string;
  readonly timeoutMs: number;
  readonly clock: Clock;
}

const DEFAULT_TIMEOUT_MS = 1000;

/**
 * The options both stores share, checked, with their defaults and the client wrapped.
 *
 * @throws TypeError naming the option that is wrong.
 */
export function resolveStoreOptions(
  options: RedisStoreOptions,
  owner: string,
): ResolvedStoreOptions {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`${owner}: options must be an object`);
  }
  const { prefix = DEFAULT_PREFIX, hashIds = false, clock = systemClock } = options;
  if (typeof prefix !== 'string' || prefix.length > 100 || /[{}]/.test(prefix)) {
    throw new TypeError(
      `${owner}: prefix must be a string of at most 100 characters, without { or }`,
    );
  }
  if (typeof hashIds !== 'boolean') throw new TypeError(`${owner}: hashIds must be a boolean`);
  if (typeof (clock as Partial<Clock> | null)?.now !== 'function') {
    throw new TypeError(`${owner}: clock must be a Clock with a now() method`);
  }
  const timeoutMs = positiveOption(options.timeoutMs, `${owner}: timeoutMs`, DEFAULT_TIMEOUT_MS);
  return {
    commands: new RedisCommands(options.client, timeoutMs, owner),
    keys: new RedisKeys(prefix, hashIds),
    prefix,
    timeoutMs,
    clock,
  };
}
