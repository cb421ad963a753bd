import { httpDateMs, retryAfterMs } from './retry-after.js';
import type { RateLimitFieldReader } from './retry-policy.js';

const DIGITS = /^\d+$/;

function digits(value: string | null): number | undefined {
  const text = value?.trim();
  return text !== undefined && DIGITS.test(text) ? Number(text) : undefined;
}

/** A remaining-quota header that says quota is left: its reset then asks for no wait. */
function quotaLeft(headers: Headers, name: string): boolean {
  const remaining = digits(headers.get(name));
  return remaining !== undefined && remaining > 0;
}

/**
 * Seconds the IETF rate-limit fields ask to wait: the `RateLimit` field through `rateLimitField`
 * when it is given, else the older `RateLimit-Reset`.
 */
function rateLimitSeconds(
  headers: Headers,
  rateLimitField: RateLimitFieldReader | undefined,
): number | undefined {
  const field = headers.get('ratelimit');
  if (field !== null && rateLimitField !== undefined) return rateLimitField(field);
  if (quotaLeft(headers, 'ratelimit-remaining')) return undefined;
  return digits(headers.get('ratelimit-reset'));
}

/** Milliseconds until a vendor's reset time (epoch seconds), when it is still ahead. */
function epochResetMs(headers: Headers, name: string, remaining: string, now: number) {
  if (quotaLeft(headers, remaining)) return undefined;
  const at = digits(headers.get(name));
  if (at === undefined) return undefined;
  const ms = at * 1000 - now;
  return ms > 0 ? ms : undefined;
}

/**
 * Milliseconds an HTTP answer asks the client to wait before trying again, or `undefined` when it
 * asks for nothing readable. One reader for the token endpoint and the API client.
 *
 * - `Retry-After` (RFC 9110 §10.2.3), delta-seconds or an HTTP-date, wins over the rest, as
 *   draft-ietf-httpapi-ratelimit-headers-11 §7 requires.
 * - Otherwise the longest of the rate-limit fields:
 *   - IETF `RateLimit`, read by `rateLimitField` when given (`ietfRateLimitField`: the current
 *     draft's List `"default";r=0;t=30`, the Dictionary of drafts -07/-08); else, or without
 *     that field, the older `RateLimit-Reset: 30` (delta-seconds, ignored while
 *     `RateLimit-Remaining` is above 0);
 *   - Okta's `X-Rate-Limit-Reset` and Auth0's `X-RateLimit-Reset`: the epoch second the window
 *     resets (counted from `now`; ignored once passed or while the matching `…-Remaining` is above 0).
 *     https://developer.okta.com/docs/reference/rl-best-practices/ ,
 *     https://auth0.com/docs/troubleshoot/customer-support/operational-policies/rate-limit-policy
 *
 * A date (a `Retry-After` HTTP-date, a vendor's reset second) is the server's clock, so it is
 * counted from the answer's `Date` (RFC 9110 §6.6.1), which the server writes on that clock, and
 * from `now` only when the answer has none: a caller whose clock runs minutes off the server's
 * would otherwise wait minutes too long (past its cap: no retry) or not at all.
 *
 * Malformed fields are ignored. The caller applies its cap (`maxRetryAfterMs`).
 *
 * @param now The caller's clock, in ms since the epoch: the time of a date when the answer has no
 *   readable `Date`.
 * @param rateLimitField The reader of the IETF `RateLimit` field (`retry.rateLimitField`); without
 *   it that field is not read, and its parser is not bundled.
 * @example
 * const waitMs = requestedWaitMs(response.headers, clock.now(), policy.rateLimitField);
 * if (waitMs !== undefined && waitMs <= policy.maxRetryAfterMs) await sleep(waitMs, signal);
 */
export function requestedWaitMs(
  headers: Headers,
  now: number,
  rateLimitField?: RateLimitFieldReader,
): number | undefined {
  const served = httpDateMs(headers.get('date')) ?? now;
  const retryAfter = retryAfterMs(headers.get('retry-after'), served);
  if (retryAfter !== undefined) return retryAfter;
  const ietf = rateLimitSeconds(headers, rateLimitField);
  const waits = [
    ietf === undefined ? undefined : ietf * 1000,
    epochResetMs(headers, 'x-rate-limit-reset', 'x-rate-limit-remaining', served),
    epochResetMs(headers, 'x-ratelimit-reset', 'x-ratelimit-remaining', served),
  ].filter((ms): ms is number => ms !== undefined);
  return waits.length === 0 ? undefined : Math.min(Math.max(...waits), Number.MAX_SAFE_INTEGER);
}
