// A static word of a route: a letter, then letters, digits, `-` and `_`, at most 24 characters and
// 2 digits (`balance`, `payment-methods`, `v1`, `oauth2`). Ids, keys, tokens and hex (digits,
// dots, length) are not; a route-template parameter (`:id`, `{id}`, `*`) is kept whole: a raw
// segment that only borrows its characters (`urn:user:jane.doe`) is not a template.
const STATIC_WORD = /^[A-Za-z][A-Za-z0-9_-]{0,23}$/;
const TEMPLATE_PARAMETER = /^(?::\w+|\{\w+\}|\*)$/;
const MAX_DIGITS = 2;

function isKept(segment: string): boolean {
  if (segment === '' || TEMPLATE_PARAMETER.test(segment)) return true;
  return STATIC_WORD.test(segment) && segment.replace(/\D/g, '').length <= MAX_DIGITS;
}

/**
 * The audited route of a request: its path without the query and fragment (a route given as
 * `req.url` carries `?access_token=…`), the path parameters of each segment dropped (`;token=…`,
 * RFC 3986 §3.3), and every segment that is not clearly a static word replaced by `:redacted`.
 * Kept: a whole template parameter (`:id`, `{id}`, `*`), and a word of at most 24 characters that
 * starts with a letter and holds only letters, digits, `-` and `_`, at most 2 of them digits
 * (`/api/v1/balance`, `/oauth2/payment-methods`). Redacted: anything else — an id (`42`, a UUID),
 * a key or token (`sk_test_…`, 32 hex digits), a name with a dot (`jane.doe`) or an `@`,
 * percent-encoding, a longer segment. A plain word cannot be told from a first name (`/people/jane`):
 * where the framework knows the route template, the guard's inputs log that instead (Express
 * `req.route.path` with the middleware on the route, Fastify `routeOptions.url`, Hono's matched
 * route), and `route` of `withDualAuth`/`check` takes yours.
 *
 * @example routeForLogging('/accounts/alice@example.com/balance;token=x?email=y') // '/accounts/:redacted/balance'
 */
export function routeForLogging(path: string): string {
  const end = path.search(/[?#]/);
  return (end === -1 ? path : path.slice(0, end))
    .split('/')
    .map((raw) => {
      const segment = raw.split(';', 1)[0] as string;
      return isKept(segment) ? segment : ':redacted';
    })
    .join('/');
}
