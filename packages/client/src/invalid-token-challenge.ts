import { parseWwwAuthenticate } from './www-authenticate.js';

/**
 * True when a 401 says the token itself was refused (`WWW-Authenticate: Bearer
 * error="invalid_token"`, RFC 6750 §3.1): expired, revoked or malformed, so a new one may pass.
 * With `scheme` `DPoP`, the same for a DPoP-bound token: `DPoP error="invalid_token"` (RFC 9449
 * §7.1). The field is read by the RFC 9110 §11.6.1 grammar, so the challenge is found wherever it
 * stands among others (`Basic realm=…`, a token68 `Negotiate …`); a field that does not follow
 * the grammar never triggers a renewal.
 */
export function isInvalidTokenChallenge(
  response: Response,
  scheme: 'Bearer' | 'DPoP' = 'Bearer',
): boolean {
  return hasChallengeError(response, scheme, 'invalid_token');
}

/**
 * What an error message adds after a 400 `invalid_request` (see {@link isInvalidRequestChallenge}):
 * why renewing or retrying would not help, and where to look.
 */
export const INVALID_REQUEST_ADVICE =
  "the request was malformed, not its token: a bug in the sender, an access_token query parameter in the call's URL, or a proxy that repeats or rewrites the Authorization or X-Act-Assertion header (RFC 6750 §2.3, §3.1), so it was neither renewed nor retried";

/**
 * True when a 400 says the request itself was malformed (`WWW-Authenticate: Bearer
 * error="invalid_request"`, RFC 6750 §3.1; `DPoP error="invalid_request"`, RFC 9449 §7.1, with
 * `scheme` `DPoP`): a credential header repeated or breaking its syntax, or an `access_token`
 * query parameter in the URL (RFC 6750 §2.3, refused by `@dual-auth/resource`), a bug in the sender
 * or a proxy that repeats or rewrites headers. Neither a new token nor the same request again can pass,
 * so the client never renews or retries on it. Read as {@link isInvalidTokenChallenge} reads it.
 */
export function isInvalidRequestChallenge(
  response: Response,
  scheme: 'Bearer' | 'DPoP' = 'Bearer',
): boolean {
  return hasChallengeError(response, scheme, 'invalid_request', 400);
}

/**
 * True when a response of `status` (default 401) has a `WWW-Authenticate` holding a challenge of
 * `scheme` (any case) whose `error` is `error` (RFC 6750 §3, RFC 9449 §7.1), read as
 * {@link isInvalidTokenChallenge} reads it.
 */
export function hasChallengeError(
  response: Response,
  scheme: string,
  error: string,
  status = 401,
): boolean {
  if (response.status !== status) return false;
  const header = response.headers.get('www-authenticate');
  if (header === null) return false;
  const wanted = scheme.toLowerCase();
  // A loop, not .some(…): a closure would give every call of this function a context of its own,
  // answers without the header included (three checks per API call).
  for (const challenge of parseWwwAuthenticate(header) ?? []) {
    if (challenge.scheme === wanted && challenge.params.get('error') === error) return true;
  }
  return false;
}
