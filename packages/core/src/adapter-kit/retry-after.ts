const SECONDS = /^\d+$/;
// IMF-fixdate, RFC 850 and asctime dates all start with a day name; this keeps Date.parse from
// reading junk such as "1.5" as a date.
const HTTP_DATE = /^[A-Za-z]{3}/;

/** An HTTP-date (RFC 9110 §5.6.7) in ms since the epoch; undefined when absent or unreadable. */
export function httpDateMs(value: string | null): number | undefined {
  const text = value?.trim();
  if (text === undefined || !HTTP_DATE.test(text)) return undefined;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : date;
}

/**
 * Milliseconds a `Retry-After` header asks to wait: delta-seconds or an HTTP-date (counted from
 * `now`, never negative), at most `Number.MAX_SAFE_INTEGER`. Undefined when absent or unreadable.
 */
export function retryAfterMs(value: string | null, now: number): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (SECONDS.test(text)) return Math.min(Number(text) * 1000, Number.MAX_SAFE_INTEGER);
  const date = httpDateMs(text);
  return date === undefined ? undefined : Math.max(0, date - now);
}
