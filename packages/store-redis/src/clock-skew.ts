import {
  checkOption,
  type Logger,
  type StoreOperation,
  StoreUnavailableError,
} from '@dual-auth/core';
import { LineGate } from './line-gate.js';

/**
 * Default of `maxClockSkewMs`: 5 minutes. Hosts kept by NTP agree within milliseconds (RFC 5905);
 * a clock minutes off is not synchronised at all, while a few minutes spare a host whose NTP is
 * briefly unreachable (a clock drifts ~1 s a day). It is also Kerberos' allowance for the same
 * trust in a peer's clock (MIT krb5 `clockskew`, 300 s), and 20 times the 15 s every verifier
 * already tolerates (the API guard's default `clockToleranceSeconds`), so a clock the verifiers
 * accept is never refused here.
 */
export const DEFAULT_MAX_CLOCK_SKEW_MS = 300_000;

// A claim lives at most a year (MAX_CLAIM_MS): a larger allowance would lift no bound but that one.
const MOST_MS = 365 * 86_400_000;

/**
 * `maxClockSkewMs` of `options`, or its default.
 *
 * @throws TypeError when it is not a whole number of ms from 1 to a year.
 */
export function maxClockSkewOption(options: object, owner: string): number {
  const maxMs = checkOption(options, 'maxClockSkewMs', 'positiveInteger');
  if (maxMs === undefined) return DEFAULT_MAX_CLOCK_SKEW_MS;
  if (maxMs > MOST_MS) {
    throw new TypeError(`${owner}: maxClockSkewMs must be at most a year (${MOST_MS} ms)`);
  }
  return maxMs;
}

/**
 * Logs `redis_clock_skew` (warn): `store` and `skew_seconds`, the whole seconds this process's
 * clock runs ahead of Redis's (negative: behind), and `suppressed_count` when `suppressed` warnings
 * were held back since the last one; never a key, human or token.
 *
 * @param aheadMs - How far this process's clock runs ahead of Redis's, in ms (negative: behind).
 */
export function warnClockSkew(
  logger: Logger,
  store: string,
  aheadMs: number,
  suppressed = 0,
): void {
  logger.warn('redis_clock_skew', {
    store,
    skew_seconds: Math.round(aheadMs / 1000),
    ...(suppressed === 0 ? {} : { suppressed_count: suppressed }),
  });
}

/** The least time between two `redis_clock_skew` warnings of {@link skewWarnings}: 1 minute. */
export const SKEW_WARNING_INTERVAL_MS = 60_000;

/**
 * A `warnClockSkew` that warns at most once per {@link SKEW_WARNING_INTERVAL_MS} (by the `nowMs`
 * it is given, ms on the caller's clock; a clock set back warns at once), counting those held back
 * in the next one's `suppressed_count`: for a refusal that repeats with every call (an instance
 * that stores nothing asks the IdP again each time, and is refused again), where one warning per
 * call would be one per request served.
 */
export function skewWarnings(
  logger: Logger,
  store: string,
): (aheadMs: number, nowMs: number) => void {
  const gate = new LineGate(SKEW_WARNING_INTERVAL_MS);
  return (aheadMs, nowMs) => {
    const heldBack = gate.admit('skew', nowMs);
    if (heldBack !== undefined) warnClockSkew(logger, store, aheadMs, heldBack);
  };
}

/**
 * Thrown when this process's clock and Redis's (`TIME`) differ by more than `maxClockSkewMs`: a
 * `StoreUnavailableError` of reason `clock_skew` (the caller refuses the credential) whose message
 * names NTP and the difference in seconds, never a key, token or `jti`.
 *
 * @param aheadMs - How far this process's clock runs ahead of Redis's, in ms (negative: behind).
 */
export function clockSkewError(
  operation: StoreOperation,
  aheadMs: number,
  maxMs: number,
): StoreUnavailableError {
  return new StoreUnavailableError(
    operation,
    `${clockDifference(aheadMs)}, more than maxClockSkewMs (${maxMs} ms) allows, so the store refuses to decide: set the hosts' clocks right (NTP), or raise maxClockSkewMs if the difference is expected`,
    { reason: 'clock_skew' },
  );
}

/**
 * Thrown by a claim when Redis holds none and Redis's clock has passed the time the claim is kept
 * until (the credential's expiry + the 15 s margin): an earlier claim may have expired, while this
 * process, its clock behind Redis's, still takes the credential for live. A `StoreUnavailableError`
 * of reason `clock_skew` (the caller refuses the credential), never naming a key, token or `jti`.
 *
 * @param aheadMs - How far this process's clock runs ahead of Redis's, in ms (negative: behind).
 */
export function expiredOnRedisError(aheadMs: number): StoreUnavailableError {
  return new StoreUnavailableError(
    'claim',
    `${clockDifference(aheadMs)}, by which the credential's claim has expired (its expiry + 15 s), so an earlier claim of it may be gone and the store refuses to decide: set the hosts' clocks right (NTP)`,
    { reason: 'clock_skew' },
  );
}

const clockDifference = (aheadMs: number): string =>
  `This process's clock runs ${Math.round(Math.abs(aheadMs) / 1000)} s ${aheadMs > 0 ? 'ahead of' : 'behind'} Redis's (TIME)`;
