const MAX_SEGMENT_LENGTH = 32;
const PLAIN_SEGMENT = /^[A-Za-z0-9._~-]*$/;

/**
 * The audited route of a request whose framework gives no route template: its URL path with the
 * path parameters of each segment dropped (`;token=…`, RFC 3986 §3.3) and each segment that may
 * name a person or carry a secret replaced by `:redacted` — one holding anything beyond letters,
 * digits and `._~-` (an `@`, percent-encoding) or longer than 32 characters (a token, a key).
 *
 * @example routeForLogging('/accounts/alice@example.com/balance;token=x') // '/accounts/:redacted/balance'
 */
export function routeForLogging(path: string): string {
  return path
    .split('/')
    .map((raw) => {
      const segment = raw.split(';', 1)[0] as string;
      return PLAIN_SEGMENT.test(segment) && segment.length <= MAX_SEGMENT_LENGTH
        ? segment
        : ':redacted';
    })
    .join('/');
}
