// Raw path segments kept readable (a client or a clicked link writes them, so a segment that may
// name a person or hold a secret is redacted; see routeForLogging's TSDoc for the trade-offs).
// A static word of a template: a letter, then letters, digits, `-` and `_`, at most 24
// characters, 2 digits. A raw path keeps only the words below of it: a random secret is a
// static word 30 % of the time (a 22-character base64url token), and reads as one of these
// about once in a million draws (route-for-logging.secrets.test.ts).
const STATIC_WORD = /^[A-Za-z][A-Za-z0-9_-]{0,23}$/;
const MAX_DIGITS = 2;
const MAX_WORD = 24;
// Lower-case words and digits joined by `-` or `_` (`oauth2`, `token_info`, `payment-methods`).
const LOWER_WORDS = /^[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*$/;
// Up to 8 letters a lower-case word is kept as it is (`healthz`); a longer one must be sayable.
const SHORT_WORD = 8;
// A short upper-case word (`API`, `SOAP`, `V1`).
const UPPER_WORD = /^[A-Z][A-Z0-9]{0,7}$/;
// A camelCase or PascalCase name (`getBalance`, `Customers`, `byId`): its humps after the first
// are 3 letters or more, or a 2-letter word, so `KhbNiKjTiLzo` is not one.
const CAMEL_WORDS = /^[A-Za-z][a-z]+(?:[A-Z][a-z]{2,}|Id|By|To|Of|At|On|In|Up|As|Or)*$/;
// A sayable word: each of its parts (between capitals, digits, `-` and `_`) of 3 letters or more
// has a vowel, and no part has 5 consonants in a row (`healthz` has 4).
const CONSONANTS = /[b-df-hj-np-tv-xz]{5}/i;
const VOWEL = /[aeiouy]/i;
// Lower-case words without digits joined by `_` or `-` (`payment_method_configurations`).
const JOINED_WORDS = /^[a-z]{1,24}(?:[_-][a-z]{1,24}){1,7}$/;
const DOTTED_VERSION = /^v\d{1,3}(?:\.\d{1,3}){1,2}$/;
const ISO_DATE = /^\d{4}-\d\d-\d\d$/;
// An API group (`rbac.authorization.k8s.io`): 3 or more labels under a common top-level domain.
// Two dot-joined words (`jane.doe`, `cert-manager.io`) cannot be told from a person's name.
const API_GROUP = /^(?:[a-z][a-z0-9-]{0,23}\.){2,}(?:io|com|org|net|dev)$/;
// A whole template parameter in a raw path or a caller's route: `*`, or a name in `:name`,
// `{name}`, `[name]`, `[...name]`, `[[...name]]`, `<name>`, `<int:name>`. The client may write
// one, so its name is kept only when it reads as a developer's (`id`, `accountId`, `slug`: a
// lower-case letter, then letters and digits, at most 24, 2 of them digits); `:A1b2…` and
// `{jane_doe}` are not.
const WHOLE_PARAMETER =
  /^(?::(\w+)|\{(\w+)\}|\[(?:\.\.\.)?(\w+)\]|\[\[\.\.\.(\w+)\]\]|<(?:[a-z]+:)?(\w+)>)$/;
const PARAMETER_NAME = /^[a-z][A-Za-z0-9]{0,23}$/;
// A template segment: control and format (bidi, zero-width) characters, or longer than this.
const UNPRINTABLE = /[\p{Cc}\p{Cf}]/u;
const MAX_TEMPLATE_SEGMENT = 64;
// The parameter syntax of the route templates frameworks give, by its opening character (a URL
// path has `{` and `<` percent-encoded): `:id` at a segment's start or after a separator
// (Express, Fastify, Hono, Koa: `:id(\d+)`, `:id{[0-9]+}`, `:from-:to`; not `urn:user`), a
// wildcard (`*`, Express 5's `*splat`), braces (OpenAPI `{id}`, Express 5's `{/:id}`), brackets
// (Next.js, SvelteKit, Astro `[id]`, `[...slug]`), angle brackets (Flask-style `<int:id>`).
const PARAMETER_SYNTAX = /(?:^|\W):[A-Za-z_]|[*{[<]/;
// An email address, wherever it stands in a template segment, percent-encoded or not, at any
// domain (`jane@localhost`, an IDN), with `@` or a look-alike (U+FE6B, U+FF20); not Hono's
// `:email{.+@.+}` or a scope's `@:scope`.
const EMAIL = /[\p{L}\p{N}_][@\uFE6B\uFF20][\p{L}\p{N}_]/u;
// A long opaque value in a template: 16 characters with a digit (hex ids, keys, UUIDs), or 33
// (a base64url token may hold no digit); shorter odd words are a developer's (`2fa`, `atom.xml`).
const MIN_OPAQUE_WITH_DIGITS = 16;
const MIN_OPAQUE = 33;

const hasFewDigits = (word: string): boolean => word.replace(/\D/g, '').length <= MAX_DIGITS;

const isSayable = (word: string): boolean =>
  word
    .split(/(?=[A-Z])|[-_\d]+/)
    .every((part) => !CONSONANTS.test(part) && (part.length < 3 || VOWEL.test(part)));

/** A word a raw path keeps: one that reads as a word, which a random value almost never does. */
function isRawWord(segment: string): boolean {
  if (segment.length > MAX_WORD || !hasFewDigits(segment)) return false;
  if (LOWER_WORDS.test(segment)) return segment.length <= SHORT_WORD || isSayable(segment);
  return UPPER_WORD.test(segment) || (CAMEL_WORDS.test(segment) && isSayable(segment));
}

/** A word a route template keeps, as it always has (the developer wrote it). */
const isTemplateWord = (segment: string): boolean =>
  STATIC_WORD.test(segment) && hasFewDigits(segment);

function isKeptBy(segment: string, isWord: (segment: string) => boolean): boolean {
  if (segment === '' || segment === '.well-known' || segment === '*') return true;
  const name = WHOLE_PARAMETER.exec(segment)
    ?.slice(1)
    .find((group) => group !== undefined);
  if (name !== undefined) return PARAMETER_NAME.test(name) && hasFewDigits(name);
  if (isWord(segment)) return true;
  return [JOINED_WORDS, DOTTED_VERSION, ISO_DATE, API_GROUP].some((rule) => rule.test(segment));
}

const isKept = (segment: string): boolean => isKeptBy(segment, isRawWord);

// `%40` is `@`: a segment is checked for an email as the server reads it.
function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment.replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) =>
      String.fromCharCode(Number.parseInt(hex, 16)),
    );
  }
}

// Each segment of `route` without the query and fragment (a `req.url` carries `?access_token=…`)
// and without its path parameters (`;token=…`, RFC 3986 §3.3).
function segmentsOf(route: string): string[] {
  const end = route.search(/[?#]/);
  return (end === -1 ? route : route.slice(0, end))
    .split('/')
    .map((raw) => raw.split(';', 1)[0] as string);
}

/**
 * Longest route a record, line or span writes, in characters: a longer one is cut after its last
 * whole segment that fits and ends in `/…`. No route a developer writes comes near it, while a
 * client's raw path of short segments that are no words (`/1/1/1…`, each written `/:redacted`)
 * made every record of its request five times the URL's size.
 */
export const MAX_ROUTE_FOR_LOGGING = 256;

const CUT = '/…';

function redacted(segments: string[], keep: (segment: string) => boolean): string {
  let route = '';
  for (const [index, segment] of segments.entries()) {
    const next = `${index === 0 ? '' : '/'}${keep(segment) ? segment : ':redacted'}`;
    // Room for the cut mark, unless this is the last segment.
    const room = MAX_ROUTE_FOR_LOGGING - (index === segments.length - 1 ? 0 : CUT.length);
    if (route.length + next.length > room) {
      return `${route}${CUT}`;
    }
    route += next;
  }
  return route;
}

/**
 * The audited route of a raw URL path (no route template known: the fetch input, Express
 * mounted with `app.use`, Fastify's 404): its path without the query and fragment (a `req.url`
 * carries `?access_token=…`), the path parameters of each segment dropped (`;token=…`, RFC 3986
 * §3.3), and every segment that is not clearly static replaced by `:redacted`. Kept: `*`, a whole
 * template parameter whose name is a lower-case letter, then letters and digits, at most 24, 2 of
 * them digits (`:id`, `{accountId}`, `[...slug]`, `<int:id>`; not `:A1b2C3…` or `{jane_doe}`: the
 * client may write those); a word of at most 24 characters, at most 2 of them digits, that
 * reads as a word: lower-case letters and digits joined by `-` or `_`, starting with a letter
 * (`/api/v1/balance`, `oauth2`, `token_info`; over 8 characters, each part of 3 letters or more
 * with a vowel and none with 5 consonants in a row), an upper-case word of at most 8 (`API`,
 * `V1`), or a sayable camelCase or PascalCase name whose humps after the first have 3 letters or
 * more or are a 2-letter word (`getBalance`, `Customers`, `byId`): a random value (a share-link
 * token, a webhook key) almost never reads as one, where it often was a "static word";
 * lower-case words joined by `_` or `-` (`payment_method_configurations`); `.well-known`
 * (RFC 8615); a dotted version (`v1.0`, `v2.1`); an ISO date (`2024-06-01`); an API group of 3 or
 * more dotted labels under `io`, `com`, `org`, `net` or `dev` (`rbac.authorization.k8s.io`).
 * Redacted: anything else — an id (`42`, a UUID), a key or token (`sk_test_…`, 32 hex digits), an
 * email, two dot-joined words (`jane.doe`, and so `cert-manager.io` too: privacy first),
 * percent-encoding, a longer segment, a mixed-case value (`KhbNiKjTiLzo`), a file name
 * (`openapi.json`: it reads as `jane.doe` does). A plain word cannot be told from a first name
 * (`/people/jane`): give the guard the route template where the framework knows it. A route
 * over 256 characters as written is cut after its last whole segment that fits, ending in `/…`.
 *
 * @example routeForLogging('/accounts/alice@example.com/balance;token=x?email=y') // '/accounts/:redacted/balance'
 */
export function routeForLogging(path: string): string {
  return redacted(segmentsOf(path), isKept);
}

/** A segment of a template kept as written: no raw value (an email, a key, an id) pasted in. */
function isTemplateKept(segment: string): boolean {
  if (
    segment.length > MAX_TEMPLATE_SEGMENT ||
    UNPRINTABLE.test(segment) ||
    EMAIL.test(decoded(segment))
  ) {
    return false;
  }
  if (PARAMETER_SYNTAX.test(segment) || isKeptBy(segment, isTemplateWord)) return true;
  // Judged word by word (`oauth2-authorization-server` is three short words), and as a whole
  // for digits split by separators (a UUID).
  return (
    segment.split(/[-_.~]/).every(isShortWord) &&
    !(segment.length >= MIN_OPAQUE_WITH_DIGITS && !hasFewDigits(segment.replace(/^v?\d{4}/, '')))
  );
}

const isShortWord = (word: string): boolean =>
  word.length < MIN_OPAQUE_WITH_DIGITS || (word.length < MIN_OPAQUE && !/\d/.test(word));

/**
 * Who wrote a route: `'framework'`, the route template a framework matched (no client's text in
 * it), or `'caller'`, a route a caller gives `guard.check`, which may be a raw path (`ctx.path`).
 */
export type RouteSource = 'framework' | 'caller';

/**
 * The audited route of the `route` given `guard.check`, without a query, fragment or path
 * parameters. From a `'caller'` (the default) it may be a raw path the client wrote, so it goes
 * through {@link routeForLogging}: one parameter-syntax character does not make it a template.
 * From a `'framework'`, the route it matched (a template such as `/users/:id`, or a static route
 * such as `/api/openapi.json`, `/reports/2024-q1`) is the developer's, kept as written except for
 * a segment with a control or format character (bidi, zero-width), over 64 characters, an email
 * (percent-encoded too, at any domain, `@` or a look-alike), or a long opaque value (a word
 * between `-`, `_`, `.` or `~` of 16 characters with a digit or of 33, or 16 characters holding
 * more than 2 digits besides a leading year: a UUID, a hex key): `:redacted`. Either way cut to
 * 256 characters as {@link routeForLogging} is. The framework
 * inputs trim the raw parts they add (`req.baseUrl`, a 404's path) with {@link routeForLogging}
 * first.
 *
 * @example routeTemplateForLogging('/users/:id/payslips') // '/users/:id/payslips'
 * @example routeTemplateForLogging('/people/jane.doe/*') // '/people/:redacted/*'
 * @example routeTemplateForLogging('/api/2fa/:feed/atom.xml', 'framework') // as written
 */
export function routeTemplateForLogging(template: string, source: RouteSource = 'caller'): string {
  return redacted(segmentsOf(template), source === 'framework' ? isTemplateKept : isKept);
}
