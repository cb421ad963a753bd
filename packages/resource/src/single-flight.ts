import { raceAbort } from '@dual-auth/core/adapter-kit';

interface Flight<T> {
  promise: Promise<T>;
  controller: AbortController;
  waiters: number;
}

/**
 * One call in flight per key, shared by every caller of that key until it settles (a lookup of
 * one human's roles, an introspection of one token). Each caller waits with its own `signal`: one
 * caller giving up never cancels the others' call; the call's own signal aborts once every caller
 * waiting for it has given up, and the next caller then starts afresh (the approach of the
 * session's `SingleFlightTokenCache`). A failed call is not kept: every waiter gets its error.
 */
export class SingleFlight<T> {
  readonly #flights = new Map<string, Flight<T>>();

  /**
   * The result of the call under way for `key`, or of `start(signal)` when none is.
   *
   * @param signal - This caller's own: when it aborts, this caller stops waiting (rejected with
   *   its reason); a caller without one waits until the call settles.
   * @throws what `start` throws; `signal`'s reason when it aborts first.
   */
  run(key: string, start: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    let flight = this.#flights.get(key);
    if (flight === undefined) flight = this.#start(key, start);
    return this.#wait(key, flight, signal);
  }

  #start(key: string, start: (signal: AbortSignal) => Promise<T>): Flight<T> {
    const controller = new AbortController();
    let call: Promise<T>;
    try {
      call = start(controller.signal);
    } catch (error) {
      call = Promise.reject(error);
    }
    const flight: Flight<T> = { promise: call, controller, waiters: 0 };
    // `finally` runs a microtask later at the earliest, once the flight is registered.
    flight.promise = call.finally(() => {
      if (this.#flights.get(key) === flight) this.#flights.delete(key);
    });
    this.#flights.set(key, flight);
    return flight;
  }

  #wait(key: string, flight: Flight<T>, signal: AbortSignal | undefined): Promise<T> {
    flight.waiters += 1;
    if (signal === undefined) return flight.promise;
    return raceAbort(flight.promise, signal, () => {
      flight.waiters -= 1;
      if (flight.waiters > 0) return;
      // Nobody waits any more: cancel the call, and let the next caller start afresh.
      if (this.#flights.get(key) === flight) this.#flights.delete(key);
      flight.controller.abort(signal.reason);
    });
  }
}
