/**
 * Runs `task` once a place is free; `signal` aborting while it waits takes it out of line unrun.
 *
 * @throws `shed()` when the line is full; `signal.reason` when it aborts before the task started;
 *   what `task` throws.
 */
export type ConcurrencyLimit = <T>(
  task: () => Promise<T>,
  signal: AbortSignal,
  shed: () => Error,
) => Promise<T>;

/**
 * At most `maxActive` tasks at once; more wait in line, first come first served, at most
 * `maxQueued` of them; beyond that a task is shed at once. A task keeps its place until it
 * settles, so a task deaf to its signal still counts: the bound holds for real calls (sockets,
 * an IdP's rate limit), not just for the promises awaited.
 *
 * @param maxActive - Most tasks running at once (an integer >= 1).
 * @param maxQueued - Most tasks waiting for a place (an integer >= 1).
 */
export function concurrencyLimit(maxActive: number, maxQueued: number): ConcurrencyLimit {
  let active = 0;
  // Each waiter's start: called when a place frees up, in arrival order.
  const line: Array<() => void> = [];
  const wait = (signal: AbortSignal, shed: () => Error) =>
    new Promise<void>((resolve, reject) => {
      if (line.length >= maxQueued) throw shed();
      signal.throwIfAborted();
      const start = (): void => {
        signal.removeEventListener('abort', leave);
        resolve();
      };
      const leave = (): void => {
        line.splice(line.indexOf(start), 1);
        reject(signal.reason);
      };
      signal.addEventListener('abort', leave, { once: true });
      line.push(start);
    });
  return async (task, signal, shed) => {
    if (active < maxActive) active += 1;
    else await wait(signal, shed);
    try {
      return await task();
    } finally {
      // Hand the place to the next in line, or give it back.
      const next = line.shift();
      if (next === undefined) active -= 1;
      else next();
    }
  };
}
