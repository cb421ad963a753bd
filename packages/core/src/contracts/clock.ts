/** Time source, injectable so tests control it instead of patching globals. */
export interface Clock {
  /** Milliseconds since the Unix epoch, like `Date.now()`. */
  now(): number;
  /**
   * Optional: calls `fire` once, when this clock reaches `atMs` (milliseconds on this clock, as
   * {@link Clock.now}), and returns a function that cancels it. A controlled clock offers it so
   * that timeouts measured on it (core's adapter-kit deadline, `totalTimeoutMs`) fire when the
   * clock is moved, without wall time passing; without it, a real timer (`setTimeout`) is used,
   * which waits again until `now()` reaches `atMs` (core's `ClockTimer`). A backstop keeps a
   * clock without it whose `now()` stands still (a test double left frozen, a caching wrapper)
   * from holding a wait for ever: once `now()` has read the same while real time ran the wait
   * (`atMs` less that reading) and as long again, and at least 5 000 ms past the wait, the wait
   * ends all the same. The client's `timeoutMs` and `totalTimeoutMs` (over retry waits too) then
   * end the call with an `ApiCallError` (reason `'deadline'`), `@dual-auth/mcp`'s `timeoutMs`
   * with one (reason `'timeout'`), each saying the injected clock did not move; core's
   * token-request deadline (`totalTimeoutMs`) passes as it does in time (a token request also ends
   * by its per-attempt real timer and retry limit). A clock that moves at all never trips it, and
   * one with `setTimer` is never overtaken by real time: a test that holds a clock longer gives it
   * `setTimer`.
   */
  setTimer?(atMs: number, fire: () => void): () => void;
}

/** The real clock: no {@link Clock.setTimer}, so timeouts run on real timers. */
export const systemClock: Clock = { now: () => Date.now() };
