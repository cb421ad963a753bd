interface Flight<T> {
  promise: Promise<T>;
  controller: AbortController;
  /** What runs the call: the latest caller's, until the call starts. */
  start: (signal: AbortSignal) => Promise<T>;
  started: boolean;
  /** Callers waiting, those without a signal included. */
  waiters: number;
  /** The callers with a signal that still wait: one who gives up is dropped at once. */
  waiting: Set<Waiter<T>>;
}

interface Waiter<T> {
  resolve(value: T): void;
  reject(error: unknown): void;
}

/**
 * One call in flight per key, shared by every caller of that key until it settles (a lookup of
 * one human's roles, an introspection of one token). Each caller waits with its own `signal`: one
 * caller giving up never cancels the others' call; the call's own signal aborts once every caller
 * waiting for it has given up. Such an abandoned call still counts until it settles: the next
 * caller's call starts only then (a call deaf to its signal is never run twice at once, however
 * many callers give up), and while it hangs the callers of `key` share ONE call waiting to start
 * after it, so memory stays proportional to the keys, not to the callers. A failed call is not
 * kept: every waiter gets its error.
 */
export class SingleFlight<T> {
  readonly #flights = new Map<string, Flight<T>>();

  /**
   * The result of the call under way for `key`, or of `start(signal)` when none is (started once
   * an abandoned call for `key` has settled).
   *
   * @param signal - This caller's own: when it aborts, this caller stops waiting (rejected with
   *   its reason); a caller without one waits until the call settles.
   * @throws what `start` throws; `signal`'s reason when it aborts first.
   */
  run(key: string, start: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    let flight = this.#flights.get(key);
    if (flight === undefined || (flight.started && flight.controller.signal.aborted)) {
      flight = this.#start(key, start, flight?.promise);
    } else if (flight.controller.signal.aborted) {
      // Abandoned while it waits for its predecessor to settle: revive it for this caller rather
      // than chain one more call per caller after it.
      flight.controller = new AbortController();
      flight.start = start;
    }
    return this.#wait(flight, signal);
  }

  #start(
    key: string,
    start: (signal: AbortSignal) => Promise<T>,
    after: Promise<T> | undefined,
  ): Flight<T> {
    // Async: a `start` that throws rejects. Every caller gave up before the abandoned call
    // settled: nothing to start.
    const begin = async (): Promise<T> => {
      flight.started = true;
      const { signal } = flight.controller;
      if (signal.aborted) throw signal.reason;
      return flight.start(signal);
    };
    // `promise` is filed below: `begin`, which makes it, reads the flight.
    const flight = {
      controller: new AbortController(),
      start,
      started: false,
      waiters: 0,
      waiting: new Set(),
    } as Flight<T>;
    const call = after === undefined ? begin() : after.then(begin, begin);
    // `finally` runs a microtask later at the earliest, once the flight is registered.
    flight.promise = call.finally(() => {
      if (this.#flights.get(key) === flight) this.#flights.delete(key);
    });
    // One reaction for all the waiters, not one each: a caller who gave up leaves nothing behind.
    flight.promise.then(
      (value) => {
        for (const waiter of flight.waiting) waiter.resolve(value);
      },
      (error: unknown) => {
        for (const waiter of flight.waiting) waiter.reject(error);
      },
    );
    this.#flights.set(key, flight);
    return flight;
  }

  #wait(flight: Flight<T>, signal: AbortSignal | undefined): Promise<T> {
    flight.waiters += 1;
    if (signal === undefined) return flight.promise;
    return new Promise<T>((resolve, reject) => {
      const aborted = (): void => {
        flight.waiting.delete(waiter);
        flight.waiters -= 1;
        // Nobody waits any more: cancel the call; it stays registered until it settles.
        if (flight.waiters === 0) flight.controller.abort(signal.reason);
        reject(signal.reason);
      };
      const waiter: Waiter<T> = {
        resolve: (value) => {
          signal.removeEventListener('abort', aborted);
          resolve(value);
        },
        reject: (error) => {
          signal.removeEventListener('abort', aborted);
          reject(error);
        },
      };
      flight.waiting.add(waiter);
      signal.addEventListener('abort', aborted, { once: true });
    });
  }
}
