const MAX_SEGMENT_LENGTH = 32;
// Letters, digits and `._~-`, or a whole route-template parameter (`:id`, `{id}`, `*`): a raw
// segment that only borrows those characters (`urn:user:jane.doe`) is not a template.
const PLAIN_SEGMENT = /^(?:[A-Za-z0-9._~-]*|:\w+|\{\w+\}|\*)$/;

/**
 * The audited route of a request: its path without the query and fragment (a route given as
 * `req.url` carries `?access_token=…`), the path parameters of each segment dropped (`;token=…`,
 * RFC 3986 §3.3) and each segment that may name a person or carry a secret replaced by
 * `:redacted` — one holding anything beyond letters, digits and `._~-` (an `@`, a `:`,
 * percent-encoding) unless it is a whole template parameter (`:id`, `{id}`, `*`), or longer than
 * 32 characters (a token, a key). A route template (`/accounts/:id`, `/accounts/{id}`) keeps its
 * shape.
 *
 * @example routeForLogging('/accounts/alice@example.com/balance;token=x?email=y') // '/accounts/:redacted/balance'
 */
export function routeForLogging(path: string): string {
  const end = path.search(/[?#]/);
  return (end === -1 ? path : path.slice(0, end))
    .split('/')
    .map((raw) => {
      const segment = raw.split(';', 1)[0] as string;
      return PLAIN_SEGMENT.test(segment) && segment.length <= MAX_SEGMENT_LENGTH
        ? segment
        : ':redacted';
    })
    .join('/');
}
