/** The SDK's default attempts per call (standard retry mode). */
const SDK_MAX_ATTEMPTS = 3;
/** The SDK's cap on one retry's backoff, in ms (`MAXIMUM_RETRY_DELAY` of `@smithy/util-retry`). */
const SDK_MAX_BACKOFF_MS = 20_000;
/** The longest delay a timer takes, in ms (2^31-1). */
const MAX_TIMER_MS = 2_147_483_647;

/**
 * The default `totalTimeoutMs` of a read, in ms: every attempt running its whole `timeoutMs`, plus
 * one longest backoff when there is a retry, at most 2^31-1 (the longest timer delay) (the SDK's own backoffs for a few attempts are far
 * shorter: https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html).
 *
 * @param timeoutMs - Per-attempt timeout, in ms.
 * @param maxAttempts - Attempts per read; `undefined` for the SDK's default (3).
 */
export function defaultTotalTimeoutMs(timeoutMs: number, maxAttempts: number | undefined): number {
  const attempts = maxAttempts ?? SDK_MAX_ATTEMPTS;
  // A longer timer fires after 1 ms: `timeoutMs: 1e9` would fail every read at once.
  return Math.min(MAX_TIMER_MS, timeoutMs * attempts + (attempts > 1 ? SDK_MAX_BACKOFF_MS : 0));
}
