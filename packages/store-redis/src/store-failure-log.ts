import type { Clock, Logger, StoreOperation } from '@dual-auth/core';
import { LineGate } from './line-gate.js';
import { isErrorReply, redisErrorFields } from './redis-errors.js';

/** The shortest time between two `redis_store_failed` lines of one kind, in ms. */
const ONE_LINE_PER_MS = 10_000;

/**
 * Tells the operator why a store's Redis command failed, as the store's caller is told only that
 * the store is unavailable: `redis_store_failed` (warn) with the store, the operation, the cause
 * (`no_answer` within `timeout_ms`; `redis_refused`, Redis's error reply, with its code: `OOM`,
 * `NOPERM`, `NOAUTH`, `READONLY`…; `connection`, the client's error class; `too_many_pending`,
 * refused unsent while `maxPendingCommands` wait for Redis, with that number) and nothing of a key,
 * an id or a message. At most one line of each kind (operation, cause, class and code) every
 * 10 s on the store's clock, so an outage under load logs a few lines, not one per request; a line
 * after some were held back says how many (`suppressed_count`).
 */
export class StoreFailureLog {
  readonly #owner: string;
  readonly #logger: Logger;
  readonly #clock: Clock;
  readonly #gate = new LineGate(ONE_LINE_PER_MS);

  constructor(owner: string, logger: Logger, clock: Clock) {
    this.#owner = owner;
    this.#logger = logger;
    this.#clock = clock;
  }

  /** Notes a command of `operation` that got no answer within `timeoutMs`. */
  noAnswer(operation: StoreOperation, timeoutMs: number): void {
    this.#log(operation, { cause: 'no_answer', timeout_ms: timeoutMs }, 'no_answer');
  }

  /** Notes a call of `operation` refused as `maxPending` commands of the stores await Redis. */
  tooManyPending(operation: StoreOperation, maxPending: number): void {
    this.#log(
      operation,
      { cause: 'too_many_pending', max_pending_commands: maxPending },
      'too_many_pending',
    );
  }

  /** Notes a command of `operation` that failed with `error` (the client's or Redis's). */
  failed(operation: StoreOperation, error: unknown): void {
    const fields = redisErrorFields(error);
    // A Redis Cluster's CROSSSLOT makes the replay store fall back to two commands: no failure.
    if (fields.error_code === 'CROSSSLOT') return;
    const cause = isErrorReply(error) ? 'redis_refused' : 'connection';
    this.#log(
      operation,
      { cause, ...fields },
      `${cause} ${fields.error_type} ${fields.error_code ?? ''}`,
    );
  }

  #log(operation: StoreOperation, fields: Record<string, string | number>, kind: string): void {
    const heldBack = this.#gate.admit(`${operation} ${kind}`, this.#clock.now());
    if (heldBack === undefined) return;
    this.#logger.warn('redis_store_failed', {
      store: this.#owner,
      operation,
      ...fields,
      ...(heldBack === 0 ? {} : { suppressed_count: heldBack }),
    });
  }
}
