import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import { type StoreOperation, StoreUnavailableError } from '@dual-auth/core';
import { safeCause } from '@dual-auth/core/secrets-kit';
import { isErrorReply, redisErrorFields } from './redis-errors.js';
import { refusalAdvice } from './redis-refusal-advice.js';
import { reportReplicaReached } from './replica-reached.js';
import type { StoreFailureLog } from './store-failure-log.js';
/**
 * A node-redis client (`redis` or `@redis/client`, v5 and later): one node (`createClient`),
 * a Cluster (`createCluster`) or Sentinel (`createSentinel`), with any modules, scripts, RESP
 * version or type mapping. Described by the one method the stores start from, since node-redis's
 * generic client types are not assignable to one another. The stores call `connect()` on none of
 * them: connect it yourself, or use `createRedisClient`.
 */
export interface NodeRedisClient {
  withCommandOptions(options: {
    abortSignal: AbortSignal;
    typeMapping: Record<never, never>;
  }): unknown;
}

interface EvalOptions {
  keys: string[];
  arguments: string[];
}

/** The commands the stores send; what all three client kinds share. */
interface Commands {
  exists(key: string): Promise<unknown>;
  getRange(key: string, start: number, end: number): Promise<unknown>;
  set(
    key: string,
    value: string,
    options: { condition: 'NX'; expiration: { type: 'PX'; value: number } },
  ): Promise<unknown>;
  eval(script: string, options: EvalOptions): Promise<unknown>;
  evalSha(sha1: string, options: EvalOptions): Promise<unknown>;
  configGet?(parameter: string): Promise<unknown>;
  time(): Promise<unknown>;
}

interface WithOptions {
  withCommandOptions(options: { abortSignal: AbortSignal; typeMapping: object }): Commands;
}

// What the caller of a store that lost Redis can do: the client reconnects by itself.
const WHAT_TO_DO =
  'check that Redis is up and reachable from this process; the client reconnects by itself and the next call works once it has, without a restart';

/** A Lua script, sent by its SHA-1 (`EVALSHA`) once Redis has it. */
export interface LuaScript {
  readonly source: string;
  readonly sha1: string;
}

/** A {@link LuaScript} of `source`. */
export function luaScript(source: string): LuaScript {
  return { source, sha1: createHash('sha1').update(source).digest('hex') };
}

/** `TIME` on the node of KEYS[1], which it names only to be sent there (a Cluster routes by it). */
const REDIS_TIME = /* @__PURE__ */ luaScript("return redis.call('TIME')");

// How many times getBounded looks at a key that is there at EXISTS and empty at GETRANGE. Each
// look sees Redis at one moment of the call, so a look that finds no key is the truth at that
// moment, whichever look it is: more looks refuse fewer reads for nothing (a key deleted, written
// again and deleted again between the reader's commands) and let through none that the first look
// would not have. Three: two such races in a row. Each look is one round trip, all of them within
// the call's one timeoutMs.
const MOST_BOUNDED_LOOKS = 3;

/** Commands the stores sent on a client and Redis has not answered yet, per client object. */
const pendingOn = new WeakMap<object, { count: number }>();

/** A command refused because `maxPendingCommands` of the stores' wait on its client already. */
class TooManyPending extends Error {}

/**
 * `commands` counting each command it sends in `pending` from its sending to its settling (an
 * answer, an abort while not written yet, a dropped connection), and refusing one (a rejected
 * {@link TooManyPending}) while `max` are pending.
 */
function counted(commands: Commands, pending: { count: number }, max: number): Commands {
  const settle = () => {
    pending.count -= 1;
  };
  return new Proxy(commands, {
    get(target, name) {
      const command: unknown = Reflect.get(target, name);
      if (typeof command !== 'function') return command;
      return (...args: unknown[]) => {
        if (pending.count >= max) return Promise.reject(new TooManyPending());
        const reply = command.apply(target, args) as Promise<unknown>;
        pending.count += 1;
        reply.then(settle, settle);
        return reply;
      };
    },
  });
}

// When the store call under way ends (performance.now() ms): every command it sends, a check
// of Redis's policy or key layout included, is bounded by it.
const callEnd = new AsyncLocalStorage<number>();

/**
 * Sends commands to Redis, each bounded by `timeoutMs`: a command that has not answered by then
 * is aborted (taken out of the client's offline queue if it still waits there) and the call
 * rejects with a {@link StoreUnavailableError}. node-redis's own command timeout stops counting
 * once a command is written, so a Redis that accepts connections but hangs would hang callers.
 * Commands sent by one store call ({@link within}) share one `timeoutMs` between them.
 * A written command stays in the client until Redis answers or the connection drops, whatever the
 * timeout: while `maxPendingCommands` of the stores' commands wait so on the client, a call sends
 * none and rejects at once (a stalled Redis under load would otherwise hold ~4 KB of heap each).
 */
export class RedisCommands {
  readonly #client: WithOptions;
  readonly #timeoutMs: number;
  readonly #owner: string;
  readonly #failures: StoreFailureLog;
  readonly #pending: { count: number };
  readonly #maxPending: number;
  readonly #cluster: boolean;

  /**
   * @param maxPendingCommands - the most commands of the stores that may wait for Redis's answer
   *   on `client` at once (counted for every store on that client object); a call that would send
   *   one more is refused at once.
   * @param failures - told of every command that failed (`redis_store_failed`).
   * @throws TypeError when `client` is not a node-redis client.
   */
  constructor(
    client: NodeRedisClient,
    { timeoutMs, maxPendingCommands }: { timeoutMs: number; maxPendingCommands: number },
    owner: string,
    failures: StoreFailureLog,
  ) {
    if (typeof (client as Partial<WithOptions> | null)?.withCommandOptions !== 'function') {
      throw new TypeError(
        `${owner}: client must be a node-redis client (createClient, createCluster or createSentinel of 'redis' v5+)`,
      );
    }
    this.#client = client as unknown as WithOptions;
    this.#timeoutMs = timeoutMs;
    this.#owner = owner;
    this.#failures = failures;
    let pending = pendingOn.get(client);
    if (pending === undefined) {
      pending = { count: 0 };
      pendingOn.set(client, pending);
    }
    this.#pending = pending;
    this.#maxPending = maxPendingCommands;
    // node-redis's RedisCluster (the only kind with slots) sends a keyless command (TIME) to any
    // node, whatever key is named beside it; a script is sent to the node of its first key.
    this.#cluster = typeof (client as { getSlotMaster?: unknown }).getSlotMaster === 'function';
  }

  /**
   * Runs one store call (its eviction-policy and key-layout checks when due, then its commands)
   * bounded by one `timeoutMs` from now, in all: each command it sends gets what is left of it, so
   * that a check due before the command does not make the call wait twice as long. A check that
   * another call started is bounded by that call's end, which is earlier.
   */
  within<T>(call: () => Promise<T>): Promise<T> {
    const end = performance.now() + this.#timeoutMs;
    const outer = callEnd.getStore();
    return callEnd.run(outer === undefined ? end : Math.min(outer, end), call);
  }

  /**
   * The first `maxBytes + 1` bytes of the string at `key`, or `undefined` when there is none: a
   * value another program wrote under a store's key, of any size, never crosses the network whole
   * (a reply longer than `maxBytes` is not one the store wrote). `EXISTS` and `GETRANGE`, reads
   * that a `CLIENT PAUSE WRITE` (a failover) lets through as it does `GET`, sent together in one
   * round trip; a key of another type is Redis's `WRONGTYPE`, as for `GET`. A key that exists but
   * reads empty is read again, three looks at most: another client may have deleted it between
   * the two commands (an expiry, a token invalidated), which a next look reads as no key; a value
   * the stores never write (empty) is returned only when every look saw it. No `MULTI` and no
   * script: a transaction would end a `WATCH` the application holds on the client it shares with
   * the stores, Redis refuses a transaction at its maxmemory, and a write pause holds a script.
   */
  getBounded(operation: StoreOperation, key: string, maxBytes: number) {
    return this.#send(operation, async (commands) => {
      for (let look = 1; ; look++) {
        const [exists, value] = await Promise.all([
          commands.exists(key),
          commands.getRange(key, 0, maxBytes),
        ]);
        if (typeof value !== 'string') return undefined;
        // Read when GETRANGE ran (a key made between the two commands included).
        if (value !== '') return value;
        if (exists !== 1) return undefined;
        // Empty at every look: a value the stores never write, which the caller refuses.
        if (look === MOST_BOUNDED_LOOKS) return value;
        // There at EXISTS, empty at GETRANGE: deleted meanwhile, or an empty value. Look again.
      }
    });
  }

  /**
   * `TIME`: Redis's clock, in whole ms since the epoch, on the node that holds `key` (the clock
   * its expiry runs on): on a Cluster read by a script of that key (`REDIS_TIME`), as node-redis
   * sends a keyless `TIME` to any node. Sent in the same tick as another command of the call, it
   * shares that command's round trip (the client pipelines them).
   */
  redisTimeMs(operation: StoreOperation, key: string): Promise<number> {
    return this.#send(operation, async (commands) => {
      const reply = this.#cluster
        ? await evalScript(commands, REDIS_TIME, [key], [])
        : await commands.time();
      const [seconds, micros] = reply as [string, string];
      return Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
    });
  }

  /** `SET key value NX PX ttlMs`: whether the key was set. */
  setIfAbsent(operation: StoreOperation, key: string, value: string, ttlMs: number) {
    return this.#send(operation, async (commands) => {
      const reply = await commands.set(key, value, {
        condition: 'NX',
        expiration: { type: 'PX', value: ttlMs },
      });
      return reply === 'OK';
    });
  }

  /**
   * `CONFIG GET parameter`: its value; `undefined` when Redis has no such parameter; `null` when
   * Redis refuses the command (managed Redis renames or forbids `CONFIG`; an ACL without it).
   */
  configGet(operation: StoreOperation, parameter: string): Promise<string | null | undefined> {
    return this.#send(operation, async (commands) => {
      if (typeof commands.configGet !== 'function') return null;
      try {
        const reply = await commands.configGet(parameter);
        // RESP3 and node-redis v5 give a map, RESP2 without its transform a flat list.
        const value = Array.isArray(reply)
          ? reply[reply.indexOf(parameter) + 1]
          : (reply as Record<string, unknown> | null)?.[parameter];
        return typeof value === 'string' ? value : undefined;
      } catch (error) {
        if (error instanceof Error && /^(ERR|NOPERM) /.test(error.message)) return null;
        throw error;
      }
    });
  }

  /** Runs `script` (`EVALSHA`, then `EVAL` when Redis does not have it yet). */
  run(operation: StoreOperation, script: LuaScript, keys: string[], args: string[]) {
    return this.#send(operation, (commands) => evalScript(commands, script, keys, args));
  }

  async #send<T>(operation: StoreOperation, send: (commands: Commands) => Promise<T>): Promise<T> {
    const timedOut = () => {
      this.#failures.noAnswer(operation, this.#timeoutMs);
      return new StoreUnavailableError(
        operation,
        `Redis did not answer within timeoutMs (${this.#timeoutMs} ms): ${WHAT_TO_DO}, or raise timeoutMs of ${this.#owner} if it is only slow`,
      );
    };
    const end = callEnd.getStore();
    const waitMs = end === undefined ? this.#timeoutMs : Math.ceil(end - performance.now());
    // The call's time is spent (its checks took it): the command is not sent at all.
    if (waitMs <= 0) throw timedOut();
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let lastLook: ReturnType<typeof setImmediate> | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        // A loop that was busy past the deadline runs its timers before it reads the sockets:
        // let it read Redis's answer, if one came in time, before calling Redis unavailable.
        lastLook = setImmediate(() => {
          const error = timedOut();
          controller.abort(error);
          reject(error);
        });
      }, waitMs);
    });
    try {
      // typeMapping {}: replies as strings and numbers, whatever the caller's client maps them to.
      const commands = this.#client.withCommandOptions({
        abortSignal: controller.signal,
        typeMapping: {},
      });
      return await Promise.race([
        send(counted(commands, this.#pending, this.#maxPending)),
        deadline,
      ]);
    } catch (error) {
      if (StoreUnavailableError.isInstance(error)) throw error;
      if (error instanceof TooManyPending) throw this.#tooManyPending(operation);
      this.#failures.failed(operation, error);
      const code = redisErrorFields(error).error_code;
      const refused = isErrorReply(error);
      if (refused && (code === 'READONLY' || code === 'MASTERDOWN')) {
        reportReplicaReached(this.#client);
      }
      const advice = refused ? refusalAdvice(code) : WHAT_TO_DO;
      throw new StoreUnavailableError(operation, `Redis failed (${errorText(error)}): ${advice}`, {
        // Code-only too: the copy of Redis's reply would carry its text.
        cause: safeCause(error, { keepMessage: false, code }),
      });
    } finally {
      clearTimeout(timer);
      if (lastLook !== undefined) clearImmediate(lastLook);
    }
  }

  #tooManyPending(operation: StoreOperation): StoreUnavailableError {
    this.#failures.tooManyPending(operation, this.#maxPending);
    return new StoreUnavailableError(
      operation,
      `Redis has not answered ${this.#maxPending} commands the stores sent on this client (maxPendingCommands of ${this.#owner}): it is stalled or slower than the calls come in, and the call was refused without sending more; ${WHAT_TO_DO}, or raise maxPendingCommands if Redis is only slow`,
    );
  }
}

/** Runs `script` (`EVALSHA`, then `EVAL` when Redis does not have it yet). */
async function evalScript(commands: Commands, script: LuaScript, keys: string[], args: string[]) {
  const options = { keys, arguments: args };
  try {
    return await commands.evalSha(script.sha1, options);
  } catch (error) {
    if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
    return commands.eval(script.source, options);
  }
}

/**
 * Whether `error` (from {@link RedisCommands.run}) is Redis refusing a script whose keys are in
 * more than one slot: a Redis Cluster (or a proxy in front of one) answers `CROSSSLOT`.
 */
export function isCrossSlotRefusal(error: unknown): boolean {
  return StoreUnavailableError.isInstance(error) && error.message.includes('CROSSSLOT');
}

// What the thrown error says of the failure, as its log line does (redisErrorFields): Redis's error
// code (`NOPERM`, `OOM`) for an error reply, else the client error's class and errno code; never
// a message, whose text may name an ACL user ("NOPERM User alice …"), a key or a host.
function errorText(error: unknown): string {
  const { error_type: type, error_code: code } = redisErrorFields(error);
  if (isErrorReply(error)) return code ?? 'an error reply';
  return code === undefined ? type : `${type} ${code}`;
}
