/** A cached answer's lifetime, in ms on the cache's clock. */
export interface AnswerTimes {
  /** When the answer came. */
  readonly storedAtMs: number;
  /** When it stops being reused. */
  readonly expiresAtMs: number;
}

/**
 * True while `nowMs` is from `storedAtMs` to before `expiresAtMs`: a clock stepped back to before
 * the answer came (NTP, a resumed VM) ends its reuse rather than extend it past its lifetime, as
 * core's `createRemoteJwks` ages its keys.
 */
export function isFresh(answer: AnswerTimes, nowMs: number): boolean {
  return nowMs >= answer.storedAtMs && nowMs < answer.expiresAtMs;
}
