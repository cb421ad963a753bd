import type { ReplayStore } from '../contracts/stores.js';

// 1e11 ms is March 1973; every JWT `exp` in seconds until the year 5138 is below it.
const MIN_EXPIRES_AT_MS = 1e11;

/**
 * The check every {@link ReplayStore} in dual-auth makes of a claim's `expiresAt` (epoch
 * milliseconds) before it stores anything: a value below 1e11 (March 1973) is a time in seconds,
 * most likely a JWT's `exp` passed as is. Stored, it would be a time in 1970: the claim would be
 * forgotten at once (or kept only a store's minimum) and a replay accepted a little later. The
 * message names the fix and never the `jti`. Check that `expiresAt` is a finite number first:
 * `NaN` and `Infinity` pass this check.
 *
 * @param expiresAt - the claim's expiry, in milliseconds since the epoch.
 * @throws TypeError when `expiresAt` is below 1e11: "expiresAt is epoch milliseconds; got a value
 *   that looks like seconds (a JWT exp?): pass exp * 1000".
 * @example
 * refuseExpiresAtInSeconds(exp * 1000); // nothing
 * refuseExpiresAtInSeconds(exp); // throws TypeError: … pass exp * 1000
 */
export function refuseExpiresAtInSeconds(expiresAt: number): void {
  if (expiresAt < MIN_EXPIRES_AT_MS) {
    throw new TypeError(
      'expiresAt is epoch milliseconds; got a value that looks like seconds (a JWT exp?): pass exp * 1000',
    );
  }
}
