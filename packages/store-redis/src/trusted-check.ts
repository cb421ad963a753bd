import { type Clock, type StoreOperation, StoreUnavailableError } from '@dual-auth/core';

/** A client that tells when it (re)connects: node-redis's single-node client emits `ready`. */
interface ReadyEmitter {
  on(event: 'ready', listener: () => void): unknown;
}

// Client → how many times it became ready since first seen; one listener per client, however
// many stores share it.
const readyCounts = new WeakMap<object, { count: number }>();

/**
 * How many times `client` became ready (connected, or reconnected) since first seen here: a store
 * that sees the count change asks Redis again what it had checked (a restarted Redis may hold
 * nothing, or run with another policy).
 */
function readyCountOf(client: object): { count: number } {
  let counter = readyCounts.get(client);
  if (counter === undefined) {
    const created = { count: 0 };
    counter = created;
    readyCounts.set(client, created);
    const emitter = client as Partial<ReadyEmitter>;
    if (typeof emitter.on === 'function') {
      emitter.on('ready', () => {
        created.count += 1;
      });
    }
  }
  return counter;
}

/**
 * A check of what Redis holds or runs with (its eviction policy, the key layout under a prefix),
 * asked at the first operation; a pass is trusted, with no round trip, for `intervalMs` on `clock`
 * and until `client` reconnects (its `ready` event), then asked again at the next operation. A
 * refusal is not trusted: the next operation asks again (it may have been fixed). Operations
 * arriving while it is asked share the one answer.
 */
export class TrustedCheck<Refusal> {
  readonly #clock: Clock;
  readonly #intervalMs: number;
  readonly #readyCount: { count: number };
  readonly #ask: (operation: StoreOperation) => Promise<Refusal | undefined>;
  // When the check last passed (clock ms) and the client's ready count then; undefined: ask at
  // the next operation.
  #passed: { atMs: number; readyCount: number } | undefined;
  #pending: Promise<Refusal | undefined> | undefined;

  /** @param ask - Asks Redis: the refusal, or undefined when the check passed. */
  constructor(
    clock: Clock,
    intervalMs: number,
    client: object,
    ask: (operation: StoreOperation) => Promise<Refusal | undefined>,
  ) {
    this.#clock = clock;
    this.#intervalMs = intervalMs;
    this.#readyCount = readyCountOf(client);
    this.#ask = ask;
  }

  /**
   * The refusal, or undefined when the check passed (now or within the trusted time).
   *
   * @throws what `ask` throws (StoreUnavailableError when Redis does not answer, naming
   *   `operation` also when the check was started by a concurrent call of another operation).
   */
  run(operation: StoreOperation): Promise<Refusal | undefined> {
    const passed = this.#passed;
    if (
      passed !== undefined &&
      passed.readyCount === this.#readyCount.count &&
      this.#clock.now() - passed.atMs < this.#intervalMs
    ) {
      return Promise.resolve(undefined);
    }
    this.#pending ??= this.#check(operation).finally(() => {
      this.#pending = undefined;
    });
    return this.#pending.catch((error: unknown) => {
      // Shared with a call of another operation, which started it: each caller's error names
      // its own operation.
      if (!StoreUnavailableError.isInstance(error) || error.operation === operation) throw error;
      throw new StoreUnavailableError(operation, error.message, { cause: error });
    });
  }

  async #check(operation: StoreOperation): Promise<Refusal | undefined> {
    const checked = { atMs: this.#clock.now(), readyCount: this.#readyCount.count };
    this.#passed = undefined;
    const refusal = await this.#ask(operation);
    if (refusal === undefined) this.#passed = checked;
    return refusal;
  }
}
