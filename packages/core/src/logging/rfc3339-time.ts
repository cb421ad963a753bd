// The last time written and its text: lines and records of one millisecond (a busy cache answers
// hundreds) share one toISOString.
let lastMs = NaN;
let lastTime = '';

/** The RFC 3339 UTC text (`toISOString`) of `ms`, milliseconds since the epoch. */
export function rfc3339Time(ms: number): string {
  if (ms !== lastMs) {
    lastTime = new Date(ms).toISOString();
    lastMs = ms;
  }
  return lastTime;
}
