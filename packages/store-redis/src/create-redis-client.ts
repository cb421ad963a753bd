import {
  checkOption,
  type KnownOptions,
  type Logger,
  loggerOrDefault,
  type RandomBytes,
  readOptions,
  requireValue,
  webCryptoRandomBytes,
} from '@dual-auth/core';
import { backoffDelay } from '@dual-auth/core/adapter-kit';
import { createClient, type RedisClientOptions, type RedisClientType } from '@redis/client';
import { redisErrorFields } from './redis-errors.js';
import { onReplicaReached } from './replica-reached.js';

/** What {@link createRedisClient} takes. */
export interface CreateRedisClientOptions {
  /** `redis://[[user]:password@]host[:port][/db]`, or `rediss://` for TLS. */
  url: string;
  /**
   * The longest wait for one connection attempt, in ms: a whole number from 100 to 2^31-1.
   * Default 5000 ms. It bounds the TCP (and TLS) connection, then, once connected, Redis's
   * answers to the handshake again (`HELLO`, `AUTH`, `SELECT`, `CLIENT SETINFO`, and an async
   * credentials provider's lookup before them): a connection whose handshake goes unanswered that
   * long (a Redis that hangs, a route that died just after the connect) is dropped
   * (`redis_handshake_timed_out`, warn) and a new one made after a wait that grows with each drop
   * in a row as a reconnect's does (`reconnectBaseDelayMs` doubled, jittered, at most
   * `reconnectMaxDelayMs`; counted again from the next ready connection), so that a Redis slower
   * than this is not dialled again every `connectTimeoutMs`. (node-redis's own `connectTimeout`
   * stops at the connect, and the dead-connection watchdog probes only ready connections: such a
   * client stayed not ready for good.)
   */
  connectTimeoutMs?: number | undefined;
  /**
   * First wait before reconnecting, doubled at each failed attempt (jittered), in ms: a whole
   * number from 1 to 2^31-1. Default 100 ms.
   */
  reconnectBaseDelayMs?: number | undefined;
  /**
   * Upper bound of one wait before reconnecting, in ms (a whole number from 1 to 2^31-1); it never
   * gives up. Default 2000 ms.
   */
  reconnectMaxDelayMs?: number | undefined;
  /**
   * The longest wait of `close()` for the answers to commands already sent, in ms; past it the
   * connection is dropped (node-redis's `destroy()`: what still waits rejects) and `close()`
   * resolves, with a `redis_close_timed_out` warning. A frozen Redis (paused, a hung host) would
   * otherwise hold a shutdown until it answers: the stores give up on a command at their
   * `timeoutMs`, but it stays written. A whole number from 100 to 2^31-1; default 5000 ms.
   */
  closeTimeoutMs?: number | undefined;
  /**
   * How long the connection may leave a command unanswered before it is taken for dead, in ms:
   * it is then dropped (what still waits on it rejects, `redis_connection_dropped` is logged,
   * warn) and a new one is made by the reconnect strategy; later commands go to the new one.
   * Default 10000 ms; a whole number from 100 to 2^31-1 (a `TypeError` otherwise: below 100 is
   * taken for seconds by mistake).
   *
   * A connection that stops answering without closing (a dead route, a half-open TCP connection,
   * a NAT or firewall that dropped the flow, a host that vanished) gives no sign: without this,
   * node-redis would keep writing to it until the OS gives up on the socket (~15 min with Linux's
   * TCP defaults), and every store call would fail (`StoreUnavailableError`, at its `timeoutMs`)
   * until then. node-redis's `socketTimeout` counts writes as activity, and its `pingInterval`
   * only reports, so the client probes: a `PING` at most every second while it is ready (also what
   * keeps a NAT flow alive), answered in order after every command sent before it, so a `PING`
   * unanswered for this long means that nothing sent before it was answered either.
   *
   * Redis answers one command at a time: a command that keeps it busy (a long script, `KEYS` on a
   * large database, a hung host that comes back) delays the `PING` as long, and one busy past this
   * bound is taken for dead too. So keep it well above the longest command your Redis may run
   * (Redis itself answers `BUSY` to others once a script has run 5 s, which counts as an answer),
   * and above the stores' `timeoutMs`: a slow Redis is not dropped while it answers within it.
   */
  deadConnectionAfterMs?: number | undefined;
  /** Other node-redis options (TLS, ACL user, database…); the ones above win. */
  clientOptions?: Omit<RedisClientOptions, 'url'> | undefined;
  /** Told about errors (`redis_error`, its class only), reconnects and readiness. */
  logger?: Logger | undefined;
  random?: RandomBytes | undefined;
}

const KNOWN = {
  url: true,
  connectTimeoutMs: true,
  reconnectBaseDelayMs: true,
  reconnectMaxDelayMs: true,
  closeTimeoutMs: true,
  deadConnectionAfterMs: true,
  clientOptions: true,
  logger: true,
  random: true,
} as const satisfies KnownOptions<CreateRedisClientOptions>;

/** The client {@link createRedisClient} makes. */
export type StoreRedisClient = RedisClientType;

/**
 * A node-redis client for the stores, already connecting in the background, with what a shared
 * store needs in production: an `error` listener (without one, node-redis's first connection
 * error ends the process), a bounded reconnect strategy that never gives up (exponential, jittered,
 * at most `reconnectMaxDelayMs` between attempts), a connect timeout, and a watchdog that drops a
 * connection that stops answering without closing and makes a new one (`deadConnectionAfterMs`,
 * `redis_connection_dropped`), as it does one on which a store's command was refused `READONLY`
 * or `MASTERDOWN` (`redis_replica_reached`: a failover behind the URL's address left it on the
 * demoted primary). Commands sent while it is not connected wait in its offline queue,
 * and the stores bound every one with their `timeoutMs`, so an app starts and serves while Redis
 * is down, and recovers when it is back, without a restart. The URL, which may hold a password, is never logged.
 *
 * For a Cluster or Sentinel use node-redis's `createCluster` / `createSentinel` with the same
 * three settings (see the package README).
 *
 * @throws TypeError on a wrong option, or one that is not an option (a misspelling names the
 *   option meant).
 * @example
 * ```ts
 * import { createRedisClient } from '@dual-auth/store-redis';
 *
 * const client = createRedisClient({ url: 'redis://redis.internal:6379' });
 * // … new RedisReplayStore({ client }), new RedisTokenCache({ client, encryptionKeys }) …
 * await client.close(); // on shutdown; at most closeTimeoutMs, even when Redis is frozen
 * ```
 */
export function createRedisClient(given: CreateRedisClientOptions): StoreRedisClient {
  requireValue(given, 'options', 'object');
  // Own options only: inherited clientOptions would go into every client (TLS checks off, say).
  const options = readOptions(given, KNOWN, 'createRedisClient');
  const { url, random = webCryptoRandomBytes } = options;
  if (typeof url !== 'string' || !/^rediss?:\/\//.test(url)) {
    throw new TypeError('createRedisClient: url must be a redis:// or rediss:// URL');
  }
  const logger = loggerOrDefault(checkOption(options, 'logger', 'logger'));
  const connectTimeout = checkOption(options, 'connectTimeoutMs', 'timeoutMs') ?? 5000;
  const closeTimeoutMs = checkOption(options, 'closeTimeoutMs', 'timeoutMs') ?? 5000;
  const deadAfterMs = checkOption(options, 'deadConnectionAfterMs', 'timeoutMs') ?? 10_000;
  const policy = {
    baseDelayMs: reconnectDelayOf(options, 'reconnectBaseDelayMs') ?? 100,
    maxDelayMs: reconnectDelayOf(options, 'reconnectMaxDelayMs') ?? 2000,
  };
  const extra = options.clientOptions ?? {};
  const client = createClient({
    ...extra,
    url,
    socket: {
      ...extra.socket,
      connectTimeout,
      reconnectStrategy: (retries: number) => backoffDelay(policy, retries + 1, random),
    },
  } as RedisClientOptions) as StoreRedisClient;
  // Set once the user's close() or destroy() is done. A dial under way then (node-redis's
  // reconnect, or the watchdog's after a drop) still ends in a ready connection (node-redis does
  // not look at a destroy() made during its TCP connect): drop it at once, so that a closed client
  // keeps no connection (and holds no process open).
  let closed = false;
  const destroy = client.destroy.bind(client);
  client.on('ready', () => {
    if (closed) destroy();
  });
  client.on('error', (error: unknown) => logger.warn('redis_error', redisErrorFields(error)));
  client.on('reconnecting', () => logger.debug('redis_reconnecting'));
  client.on('ready', () => closed || logger.info('redis_ready'));
  const watchdog = watchConnection(
    client,
    destroy,
    {
      deadAfterMs,
      connectTimeout,
      redialDelay: (attempt) => backoffDelay(policy, attempt, random),
    },
    logger,
  );
  followFailover(client, watchdog, policy.maxDelayMs, logger);
  const gracefulClose = client.close.bind(client);
  client.close = () => {
    // Between a dropped handshake and its new dial node-redis is closed already (the drop was its
    // destroy()): there is nothing left to close, and its close() would reject "client is closed".
    if (watchdog.stop()) {
      closed = true;
      return Promise.resolve();
    }
    return closeWithin(gracefulClose, destroy, closeTimeoutMs, logger).finally(() => {
      closed = true;
    });
  };
  client.destroy = () => {
    watchdog.stop();
    closed = true;
    destroy();
  };
  // node-redis's deprecated quit() and disconnect() end the client too: the watchdog with it.
  const quit = client.QUIT.bind(client);
  client.QUIT = client.quit = () => {
    if (watchdog.stop()) {
      closed = true;
      return Promise.resolve('OK');
    }
    return quit().finally(() => {
      closed = true;
    });
  };
  client.disconnect = async () => client.destroy();
  // After MONITOR node-redis hands every reply to the monitor's listener, a PING's too: the
  // connection is not probed until reset() ends the monitor.
  const monitor = client.MONITOR.bind(client);
  client.MONITOR = client.monitor = (...args: Parameters<typeof monitor>) => {
    watchdog.pause(true);
    return monitor(...args);
  };
  const reset = client.reset.bind(client);
  client.reset = async () => {
    await reset();
    watchdog.pause(false);
  };
  return client;
}

/**
 * A wait before reconnecting: a whole number of ms a timer can hold, above 0 (a wait of 0 would
 * reconnect in a tight loop while Redis is down, as would one past 2^31-1 ms, which Node runs
 * after 1 ms).
 */
function reconnectDelayOf(
  options: CreateRedisClientOptions,
  name: 'reconnectBaseDelayMs' | 'reconnectMaxDelayMs',
): number | undefined {
  const delayMs = checkOption(options, name, 'milliseconds');
  if (delayMs === 0) {
    throw new TypeError(
      `createRedisClient: ${name} must be above 0 ms (a wait of 0 reconnects in a tight loop while Redis is down)`,
    );
  }
  return delayMs;
}

/**
 * Drops a ready connection whose command a store saw refused `READONLY` (or `MASTERDOWN`), and
 * connects again, at most once per `everyMs`: a failover behind one address (a DNS name or
 * virtual IP moved to the promoted replica: ElastiCache's primary endpoint, a Kubernetes Service)
 * leaves the connection made before it on the demoted primary, which Redis keeps open as a
 * replica's, and every write on it (every read too, while it is cut off from the new primary and
 * serves no stale data) would be refused for good. A new connection goes where the address leads now. A URL that
 * names a replica itself costs one new connection per `everyMs`, its writes refused all along.
 */
function followFailover(
  client: StoreRedisClient,
  watchdog: { drop(): boolean },
  everyMs: number,
  logger: Logger,
): void {
  let lastDropAt = Number.NEGATIVE_INFINITY;
  onReplicaReached(client, () => {
    const now = performance.now();
    if (now - lastDropAt < everyMs) return;
    if (watchdog.drop()) {
      lastDropAt = now;
      logger.warn('redis_replica_reached', { reconnect_every_ms: everyMs });
    }
  });
}

/** The longest wait between two probes of a ready connection, in ms. */
const PROBE_EVERY_MS = 1000;

/**
 * Connects the client, and drops a connection that leaves a `PING` unanswered for `deadAfterMs`,
 * and connects again: one `PING` at a time, the next `PROBE_EVERY_MS` (at most half of
 * `deadAfterMs`) after the last one was answered, while the client is ready. A `PING` is answered
 * after every command sent before it, so an unanswered one means the commands before it are
 * unanswered too. An error reply (`BUSY`, `LOADING`) is an answer: the connection is alive.
 *
 * Dropping is node-redis's `destroy()` (every command waiting rejects, the socket is closed)
 * then `connect()` on the same client, which makes a new socket with the reconnect strategy: the
 * stores' commands go to the new connection once it is ready. (node-redis has no public way to
 * close only the socket and let its own reconnect run.)
 *
 * One chain of probes, by construction: a probe is either due (a timer) or in flight, never both,
 * and the next is scheduled only when neither is. A probe belongs to the connection it was sent
 * on: a new connection (`ready`) abandons it, as does a deadline that finds the client already
 * reconnecting. An abandoned probe schedules nothing and decides nothing, and its `PING` is taken
 * out of node-redis's offline queue if still there (a reconnect keeps unwritten commands).
 *
 * A connection not ready yet is watched too: node-redis's `connectTimeout` ends at the TCP (or
 * TLS) connect, and its handshake then waits for Redis's answers without a bound. One unanswered
 * `connectTimeout` after the connect is dropped the same way (`redis_handshake_timed_out`).
 */
function watchConnection(
  client: StoreRedisClient,
  destroy: () => void,
  {
    deadAfterMs,
    connectTimeout,
    redialDelay,
  }: { deadAfterMs: number; connectTimeout: number; redialDelay: (attempt: number) => number },
  logger: Logger,
): { stop(): boolean; pause(paused: boolean): void; drop(): boolean } {
  const probeEveryMs = Math.min(PROBE_EVERY_MS, deadAfterMs / 2);
  let stopped = false;
  let paused = false;

  // The last connect() made, unless ended: one the watchdog let go of rejects, and is no failure.
  let dialing: { abandoned: boolean } | undefined;
  const dial = () => {
    const attempt = { abandoned: false };
    dialing = attempt;
    client.connect().catch((error: unknown) => {
      if (!attempt.abandoned) logger.error('redis_connect_failed', redisErrorFields(error));
    });
  };
  const drop = () => {
    destroy();
    dial();
  };

  // The handshake of the connection made last, from its connect to its ready: a timer, then a
  // last look (as a probe's), unless ready, an error (node-redis then dials again, which connects
  // again) or an end comes first.
  let handshake: ReturnType<typeof setTimeout> | undefined;
  let handshakeLook: ReturnType<typeof setImmediate> | undefined;
  let redial: ReturnType<typeof setTimeout> | undefined;
  // Handshakes dropped since the last ready connection: each waits longer before its new dial.
  let handshakesDropped = 0;
  const handshakeOver = () => {
    clearTimeout(handshake);
    handshake = undefined;
    if (handshakeLook !== undefined) clearImmediate(handshakeLook);
    handshakeLook = undefined;
  };
  const dropHandshake = () => {
    handshakeLook = undefined;
    if (stopped || client.isReady) return;
    handshakesDropped += 1;
    // As node-redis waits before a reconnect: a Redis slower than connectTimeoutMs (loaded,
    // paused) would otherwise get a new connection every connectTimeoutMs from every process.
    const retryInMs = redialDelay(handshakesDropped);
    logger.warn('redis_handshake_timed_out', {
      timeout_ms: connectTimeout,
      attempt: handshakesDropped,
      retry_in_ms: retryInMs,
    });
    if (dialing !== undefined) dialing.abandoned = true;
    destroy();
    // node-redis's dial that was waiting for the handshake ends once the socket's close is
    // emitted (after this phase of the event loop, before any timer): the new one starts after.
    redial = setTimeout(() => {
      redial = undefined;
      if (!stopped) dial();
    }, retryInMs);
  };
  client.on('connect', () => {
    handshakeOver();
    if (stopped) return;
    handshake = setTimeout(() => {
      handshake = undefined;
      // Ref'd: Node runs an unref'd immediate only once something else wakes the event loop, so
      // a process with nothing else to do would drop the handshake at its next request or timer.
      handshakeLook = setImmediate(dropHandshake);
    }, connectTimeout);
    handshake.unref();
  });
  client.on('error', handshakeOver);
  client.on('end', handshakeOver);

  let next: ReturnType<typeof setTimeout> | undefined;
  let inFlight: InFlightProbe | undefined;
  const schedule = () => {
    if (stopped || next !== undefined || inFlight !== undefined) return;
    next = setTimeout(probe, probeEveryMs);
    next.unref();
  };
  const abandon = () => {
    if (inFlight === undefined) return;
    clearTimeout(inFlight.deadline);
    if (inFlight.lastLook !== undefined) clearImmediate(inFlight.lastLook);
    inFlight.unqueue.abort();
    inFlight = undefined;
  };
  const probe = () => {
    next = undefined;
    if (stopped) return;
    if (!client.isReady || paused) {
      schedule();
      return;
    }
    const sentAt = performance.now();
    const decide = () => {
      if (inFlight !== current) return;
      abandon();
      // Not ready: node-redis saw the connection fail and is making a new one already, whose
      // `ready` starts the next probe.
      if (stopped || !client.isReady) return;
      logger.warn('redis_connection_dropped', {
        unanswered_ms: Math.round(performance.now() - sentAt),
        dead_connection_after_ms: deadAfterMs,
      });
      drop();
      schedule();
    };
    const current: InFlightProbe = {
      unqueue: new AbortController(),
      deadline: setTimeout(() => {
        // A loop that was busy past the deadline (a CPU-bound task, a GC pause) runs its due
        // timers before it reads the sockets: let it read the answer, if one came in time, first.
        // Ref'd, as the handshake's last look: an unref'd one waits for something else to wake
        // the loop.
        current.lastLook = setImmediate(decide);
      }, deadAfterMs),
      lastLook: undefined,
    };
    current.deadline.unref();
    inFlight = current;
    client
      .withAbortSignal(current.unqueue.signal)
      .ping()
      .catch(() => undefined)
      .finally(() => {
        if (inFlight !== current) return;
        abandon();
        schedule();
      });
  };
  client.on('ready', () => {
    handshakeOver();
    handshakesDropped = 0;
    abandon();
    schedule();
  });
  dial();
  return {
    pause(value) {
      paused = value;
    },
    // Whether it dropped the connection: only a ready one, of a client not stopped.
    drop() {
      if (stopped || !client.isReady) return false;
      drop();
      return true;
    },
    // Whether it stopped between a dropped handshake and its new dial: node-redis closed then.
    stop() {
      stopped = true;
      clearTimeout(next);
      next = undefined;
      abandon();
      handshakeOver();
      const between = redial !== undefined;
      clearTimeout(redial);
      redial = undefined;
      return between;
    },
  };
}

/** A probe's `PING` waiting for its answer: its deadline, and what takes it out of the queue. */
interface InFlightProbe {
  /** Aborts the `PING` while node-redis has not written it yet (no effect once written). */
  readonly unqueue: AbortController;
  readonly deadline: ReturnType<typeof setTimeout>;
  lastLook: ReturnType<typeof setImmediate> | undefined;
}

/**
 * `close()` (node-redis waits for the answer to every command sent), bounded: past `timeoutMs`
 * `destroy()` drops the connection, which also settles the pending close.
 */
async function closeWithin(
  close: () => Promise<void>,
  destroy: () => void,
  timeoutMs: number,
  logger: Logger,
): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), timeoutMs);
  });
  try {
    if ((await Promise.race([close(), late])) === 'late') {
      logger.warn('redis_close_timed_out', { timeout_ms: timeoutMs });
      destroy();
    }
  } finally {
    clearTimeout(timer);
  }
}
