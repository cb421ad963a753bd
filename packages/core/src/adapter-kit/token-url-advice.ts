import type { TokenAnswer } from './post-token-form.js';

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

// An RFC 9110 §8.3.1 media type (type "/" subtype), without its parameters; anything else is not
// quoted, so a hostile header cannot put its own words in the message.
const MEDIA_TYPE = /^[a-z0-9!#$&^_.+-]{1,64}\/[a-z0-9!#$&^_.+-]{1,64}$/;

function mediaType(headers: Headers): string | undefined {
  const type = headers.get('content-type')?.split(';', 1)[0]?.trim().toLowerCase() ?? '';
  return MEDIA_TYPE.test(type) ? type : undefined;
}

// Only the origin: a redirect's path and query may carry a state, a code or a session id.
function redirectOrigin(headers: Headers, tokenUrl: URL): string | undefined {
  const location = headers.get('location');
  if (location === null || location === '') return undefined;
  try {
    const { origin } = new URL(location, tokenUrl);
    return origin === 'null' ? undefined : origin;
  } catch {
    return undefined;
  }
}

function checkSetting(hint: TokenUrlHint | undefined): string {
  if (hint === undefined) return 'check the token URL';
  return hint.shape === undefined
    ? `check ${hint.variable}`
    : `check ${hint.variable}, which should be ${hint.shape}`;
}

/**
 * What to do about a token endpoint answer that no token endpoint gives: a redirect (3xx; never
 * followed, the form carries credentials), named with its target's origin only, or a body that
 * is not JSON (an HTML error or login page), named by its media type. Both mostly mean a wrong
 * token URL, so the advice names the variable of `hint`. The body is never quoted (it may echo
 * the request). `undefined` for any other answer.
 *
 * @example
 * tokenUrlAdvice(answer, new URL(tokenUrl), { variable: 'KEYCLOAK_TOKEN_URL' });
 * // 'the token endpoint answered text/html, not JSON: check KEYCLOAK_TOKEN_URL'
 */
export function tokenUrlAdvice(
  answer: TokenAnswer,
  tokenUrl: URL,
  hint: TokenUrlHint | undefined,
): string | undefined {
  const { status, headers, body } = answer;
  if (status >= 300 && status < 400) {
    const origin = redirectOrigin(headers, tokenUrl);
    const target = origin === undefined ? '' : ` to ${origin}`;
    return `the token endpoint redirected${target}, and redirects are not followed (the request carries credentials): ${checkSetting(hint)}`;
  }
  if (body.kind !== 'not-json') return undefined;
  const type = mediaType(headers);
  // An empty or broken body labelled JSON is still "not JSON", not "application/json, not JSON".
  const what =
    type === undefined || /[/+]json$/.test(type) ? 'a body that is not JSON' : `${type}, not JSON`;
  return `the token endpoint answered ${what}: ${checkSetting(hint)}`;
}
