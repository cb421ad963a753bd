/** Time source, injectable so tests control it instead of patching globals. */
export interface Clock {
  /** Milliseconds since the Unix epoch, like `Date.now()`. */
  now(): number;
  /**
   * Optional: calls `fire` once, when this clock reaches `atMs` (milliseconds on this clock, as
   * {@link Clock.now}), and returns a function that cancels it. A controlled clock offers it so
   * that timeouts measured on it (core's adapter-kit deadline, `totalTimeoutMs`) fire when the
   * clock is moved, without wall time passing; without it, a real timer (`setTimeout`) is used,
   * which waits again until `now()` reaches `atMs` (core's `ClockTimer`): a clock that stands
   * still never ends such a wait. A token request still ends by its per-attempt `timeoutMs` (a
   * real timer) and its retry limit; the client's `timeoutMs` and `totalTimeoutMs` are measured on
   * the clock alone, so a client's call on a clock that stands still waits for its answer for ever.
   */
  setTimer?(atMs: number, fire: () => void): () => void;
}

/** The real clock: no {@link Clock.setTimer}, so timeouts run on real timers. */
export const systemClock: Clock = { now: () => Date.now() };
