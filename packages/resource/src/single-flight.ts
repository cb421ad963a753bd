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
 * waiting for it has given up. Such an abandoned call still counts until it settles: the next
 * caller's call starts only then (a call deaf to its signal is never run twice at once, however
 * many callers give up). A failed call is not kept: every waiter gets its error.
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
    if (flight === undefined || flight.controller.signal.aborted) {
      flight = this.#start(key, start, flight?.promise);
    }
    return this.#wait(flight, signal);
  }

  #start(
    key: string,
    start: (signal: AbortSignal) => Promise<T>,
    after: Promise<T> | undefined,
  ): Flight<T> {
    const controller = new AbortController();
    // Async: a `start` that throws rejects. Every caller gave up before the abandoned call
    // settled: nothing to start.
    const begin = async (): Promise<T> => {
      if (controller.signal.aborted) throw controller.signal.reason;
      return start(controller.signal);
    };
    const call = after === undefined ? begin() : after.then(begin, begin);
    const flight: Flight<T> = { promise: call, controller, waiters: 0 };
    // `finally` runs a microtask later at the earliest, once the flight is registered.
    flight.promise = call.finally(() => {
      if (this.#flights.get(key) === flight) this.#flights.delete(key);
    });
    this.#flights.set(key, flight);
    return flight;
  }

  #wait(flight: Flight<T>, signal: AbortSignal | undefined): Promise<T> {
    flight.waiters += 1;
    if (signal === undefined) return flight.promise;
    return raceAbort(flight.promise, signal, () => {
      flight.waiters -= 1;
      // Nobody waits any more: cancel the call; it stays registered until it settles.
      if (flight.waiters === 0) flight.controller.abort(signal.reason);
    });
  }
}
