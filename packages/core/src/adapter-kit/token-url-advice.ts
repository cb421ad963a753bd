import { withoutPersonalText } from '../redaction/without-personal-text.js';
import type { TokenAnswer } from './post-token-form.js';
import { scrubCredentials } from './scrub-credentials.js';

/**
 * Where an adapter's token URL is set, for the advice on an answer that did not come from a token
 * endpoint (an HTML error page, a redirect to a login page): the adapter's own metadata, so that
 * the message names the variable the operator has to fix.
 */
export interface TokenUrlHint {
  /** The env variable that holds the URL: `KEYCLOAK_TOKEN_URL`. */
  readonly variable: string;
  /**
   * What the URL should be, after "which should be" in the advice:
   * `https://<host>/realms/<realm>/protocol/openid-connect/token`.
   */
  readonly shape?: string | undefined;
}

// An RFC 9110 §8.3.1 media type (type "/" subtype) before any parameter; anything else is not
// quoted, so a hostile header cannot put its own words in the message. A JSON type on a body that
// does not parse (empty, cut) is not quoted either: "application/json, not JSON" reads as a riddle.
const MEDIA_TYPE = /^\s*([\w!#$&^.+-]{1,64}\/[\w!#$&^.+-]{1,64})\s*(;|$)/;
// The longest origin of a DNS name (RFC 1035 §2.3.4: 253 characters) with `https://` and a port
// (`:65535`): a longer one is no IdP's, and is not named, so a hostile Location cannot fill the
// message and the log line.
const MAX_ORIGIN_LENGTH = 267;

/**
 * What the request sent or named that an answer may echo, for {@link tokenUrlAdvice} to quote
 * nothing of: the same lists `readOAuthError` scrubs the IdP's error text of.
 */
export interface TokenUrlAdviceEchoes {
  /** The credentials sent (client secret, assertion, subject token). Default: none. */
  readonly credentials?: readonly string[] | undefined;
  /** Who the token is asked for (id, email, name, login). Default: none. */
  readonly people?: readonly string[] | undefined;
}

// An origin or a media type is the answer's own text: a hostile or broken server can put the
// client secret (`https://<secret>.evil.example`) or the human's login (`text/jdoe`) in it. Its
// labels are read as words apart, and so are the parts of a label (`-`, `_`): a dotted run
// (`jdoe.idp.example`) is one word to withoutPersonalText, which then misses the login in it.
// Both are read lower-cased (a URL's host name, the media type as matched), so the credentials
// are compared lower-cased too; a Punycode label (`xn--jos-dma`, a host name written in Unicode)
// may spell a person and is not read here.
function echoesNothing(value: string, echoes: TokenUrlAdviceEchoes): boolean {
  const words = value.replace(/[./:]/g, ' ');
  // A host name or a media type has no spaces: `-` and `_` join the words of a name there.
  const parts = value.replace(/[./:_-]/g, ' ');
  const lower = value.toLowerCase();
  const credentials = (echoes.credentials ?? []).map((c) =>
    typeof c === 'string' ? c.toLowerCase() : c,
  );
  return (
    !/(?:^|[./])xn--/.test(lower) &&
    scrubCredentials(lower, credentials) === lower &&
    withoutPersonalText(value, echoes.people ?? []) === value &&
    withoutPersonalText(words, echoes.people ?? []) === words &&
    withoutPersonalText(parts, echoes.people ?? []) === parts
  );
}

/**
 * What to do about a token endpoint answer that no token endpoint gives: a redirect (3xx, or a
 * browser's opaque redirect; never followed, the form carries credentials), named with its
 * target's origin only (its path and query may carry a state or a session id), and only when that
 * origin fits a DNS name (253 characters, RFC 1035 §2.3.4), or a body that is not JSON (an HTML
 * error or login page), named by its media type. Both mostly mean a wrong token URL, so the advice names the
 * variable of `hint`. The body is never quoted (it may echo the request), and neither is an origin
 * or a media type that holds a piece of `echoes.credentials` in any case (both are read
 * lower-cased), an email or one of `echoes.people`, nor an origin with a Punycode (`xn--`) label
 * (the advice then says what happened without it). `undefined` for any other answer.
 *
 * @example
 * tokenUrlAdvice(answer, new URL(tokenUrl), { variable: 'KEYCLOAK_TOKEN_URL' });
 * // 'the token endpoint answered text/html, not JSON: check KEYCLOAK_TOKEN_URL'
 */
export function tokenUrlAdvice(
  { status, headers, body }: TokenAnswer,
  tokenUrl: URL,
  hint: TokenUrlHint | undefined,
  echoes: TokenUrlAdviceEchoes = {},
): string | undefined {
  let what: string;
  // Status 0: a browser's fetch hides a redirect it did not follow (an opaque redirect).
  if (status === 0 || (status > 299 && status < 400)) {
    const location = headers.get('location');
    let origin = 'null';
    try {
      if (location) origin = new URL(location, tokenUrl).origin;
    } catch {
      // A Location that is no URL names no origin.
    }
    const named =
      origin !== 'null' && origin.length <= MAX_ORIGIN_LENGTH && echoesNothing(origin, echoes);
    what = `redirected${named ? ` to ${origin}` : ''}; redirects are not followed`;
  } else if (body.kind === 'not-json') {
    const type = MEDIA_TYPE.exec(headers.get('content-type')?.toLowerCase() ?? '')?.[1];
    const named = type !== undefined && !type.endsWith('json') && echoesNothing(type, echoes);
    what = `answered ${named ? `${type}, not JSON` : 'a body that is not JSON'}`;
  } else {
    return undefined;
  }
  const shape = hint?.shape === undefined ? '' : `, which should be ${hint.shape}`;
  return `the token endpoint ${what}: check ${hint === undefined ? 'the token URL' : hint.variable + shape}`;
}
