import type { BareItem, Dictionary, List } from 'structured-headers';
import { parseDictionary, parseList } from 'structured-headers';
import { retryAfterMs } from './retry-after.js';

const DIGITS = /^\d+$/;

function seconds(value: BareItem | undefined): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;
}

function digits(value: string | null): number | undefined {
  const text = value?.trim();
  return text !== undefined && DIGITS.test(text) ? Number(text) : undefined;
}

/** A remaining-quota header that says quota is left: its reset then asks for no wait. */
function quotaLeft(headers: Headers, name: string): boolean {
  const remaining = digits(headers.get(name));
  return remaining !== undefined && remaining > 0;
}

function parsed<T>(parse: (text: string) => T, text: string): T | undefined {
  try {
    return parse(text);
  } catch {
    // Malformed RateLimit fields are ignored (draft-ietf-httpapi-ratelimit-headers-11 §7).
    return undefined;
  }
}

/**
 * The current draft's `RateLimit: "policy";r=0;t=30` (a List): the longest `t` of the policies
 * with no quota left (`r=0`).
 */
function serviceLimitWait(list: List): number | undefined {
  let wait: number | undefined;
  for (const [value, parameters] of list) {
    if (Array.isArray(value)) continue;
    const t = seconds(parameters.get('t'));
    if (seconds(parameters.get('r')) === 0 && t !== undefined) wait = Math.max(wait ?? 0, t);
  }
  return wait;
}

/** Drafts -07 and -08: `RateLimit: limit=10, remaining=0, reset=30` (a Dictionary). */
function dictionaryWait(dictionary: Dictionary): number | undefined {
  const remaining = dictionary.get('remaining');
  const reset = dictionary.get('reset');
  if (reset === undefined || Array.isArray(reset[0])) return undefined;
  if (remaining !== undefined && !Array.isArray(remaining[0]) && remaining[0] !== 0) {
    return undefined;
  }
  return seconds(reset[0] as BareItem);
}

/** Seconds the IETF `RateLimit` field, in any of its draft forms, asks to wait. */
function rateLimitSeconds(headers: Headers): number | undefined {
  const field = headers.get('ratelimit');
  if (field !== null) {
    const list = parsed(parseList, field);
    if (list !== undefined) return serviceLimitWait(list);
    const dictionary = parsed(parseDictionary, field);
    return dictionary === undefined ? undefined : dictionaryWait(dictionary);
  }
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
 *   - IETF `RateLimit`: the current draft's List (`"default";r=0;t=30`: the `t` of a policy with
 *     `r=0`), the Dictionary of drafts -07/-08 (`limit=10, remaining=0, reset=30`), or the older
 *     `RateLimit-Reset: 30` (delta-seconds, ignored while `RateLimit-Remaining` is above 0);
 *   - Okta's `X-Rate-Limit-Reset` and Auth0's `X-RateLimit-Reset`: the epoch second the window
 *     resets (counted from `now`; ignored once passed or while the matching `…-Remaining` is above 0).
 *     https://developer.okta.com/docs/reference/rl-best-practices/ ,
 *     https://auth0.com/docs/troubleshoot/customer-support/operational-policies/rate-limit-policy
 *
 * Malformed fields are ignored. The caller applies its cap (`maxRetryAfterMs`).
 *
 * @param now The caller's clock, in ms since the epoch.
 * @example
 * const waitMs = requestedWaitMs(response.headers, clock.now());
 * if (waitMs !== undefined && waitMs <= policy.maxRetryAfterMs) await sleep(waitMs, signal);
 */
export function requestedWaitMs(headers: Headers, now: number): number | undefined {
  const retryAfter = retryAfterMs(headers.get('retry-after'), now);
  if (retryAfter !== undefined) return retryAfter;
  const ietf = rateLimitSeconds(headers);
  const waits = [
    ietf === undefined ? undefined : ietf * 1000,
    epochResetMs(headers, 'x-rate-limit-reset', 'x-rate-limit-remaining', now),
    epochResetMs(headers, 'x-ratelimit-reset', 'x-ratelimit-remaining', now),
  ].filter((ms): ms is number => ms !== undefined);
  return waits.length === 0 ? undefined : Math.min(Math.max(...waits), Number.MAX_SAFE_INTEGER);
}
