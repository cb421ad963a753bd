// What a redaction writes and how much of a text it reads, apart from redact.ts so that the
// modules redact.ts uses (the personal-text rule) can use them too.

/** What a redacted value prints as. */
export const REDACTED = '***REDACTED***';

/**
 * The most characters of a text a redaction reads (1 MiB): V8's RegExp engine throws `RangeError`
 * on a greedy loop over some megabytes, and no error message is longer.
 */
export const MAX_READ_TEXT = 1_048_576; // 2 ** 20
