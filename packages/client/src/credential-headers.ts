import {
  ACT_ASSERTION_HEADER,
  type DualSubjectToken,
  isHttpToken,
  REDACTED,
} from '@dual-auth/core';
import { IDENTITY_FIELDS } from './api-call-identity.js';

const ACT_ASSERTION = /* @__PURE__ */ ACT_ASSERTION_HEADER.toLowerCase();

/** Headers the client sets from the token; a caller may not set them. */
export const OWNED_HEADERS: readonly string[] = ['authorization', ACT_ASSERTION];

/**
 * Credential headers a caller may set itself: a DPoP proof (RFC 9449 §4), which names the URL it
 * was made for (`htu`), a cookie, a proxy's credentials.
 */
export const CALLER_CREDENTIAL_HEADERS: readonly string[] = [
  'dpop',
  'proxy-authorization',
  'cookie',
];

/**
 * The only headers a redirect to another origin still carries: none of them holds a credential,
 * and any other (`X-Api-Key`, `X-Amz-Security-Token`, `X-Auth-Token`, a vendor's own) may, so it is
 * dropped. The CORS-safelisted request headers (Fetch §2.2.2: `Accept`, `Accept-Language`,
 * `Content-Language`, `Content-Type`) and `Content-Encoding` describe the request and its body;
 * `User-Agent` names the software; `Traceparent` and `Tracestate` (W3C Trace Context §3) carry
 * random trace ids, while `Baggage` is dropped (W3C Baggage §7: it may carry user data);
 * `X-Request-Id` and `Idempotency-Key` (draft-ietf-httpapi-idempotency-key-header) are random
 * request ids; the conditional and range headers (RFC 9110 §13, §14.2) and `Cache-Control`,
 * `Prefer` (RFC 7240) shape the answer.
 */
export const CROSS_ORIGIN_HEADERS: ReadonlySet<string> = new Set([
  'accept',
  'accept-language',
  'content-language',
  'content-type',
  'content-encoding',
  'user-agent',
  'traceparent',
  'tracestate',
  'x-request-id',
  'idempotency-key',
  'if-match',
  'if-none-match',
  'if-modified-since',
  'if-unmodified-since',
  'if-range',
  'range',
  'cache-control',
  'prefer',
]);

// Where a DualSubjectToken comes from, for the refusal of a token in another shape.
const RESOLVED = 'what requestToken resolves to';

// A bearer token or JWT is printable ASCII without spaces; anything else would break the header.
const TOKEN_VALUE = /^[\x21-\x7e]+$/;

/**
 * Checks that `value` is a usable {@link DualSubjectToken}. Messages never include token text.
 *
 * @throws TypeError otherwise (a `humanId` or `agentId` that is not a string, and the redaction
 *   placeholder as `accessToken`: a token revived from its JSON, included); for the access
 *   token's string or the IdP's JSON (`access_token`), saying to pass what `requestToken`
 *   resolves to.
 */
export function assertDualSubjectToken(
  value: unknown,
  name: string,
): asserts value is DualSubjectToken {
  if (typeof value !== 'object' || value === null) {
    // Most often the token's own string (`token.accessToken`); its value is never quoted.
    throw new TypeError(
      `${name} must be a DualSubjectToken (${RESOLVED}), got ${value === null ? 'null' : `a ${typeof value}`}${typeof value === 'string' ? ': pass the token, not its accessToken' : ''}`,
    );
  }
  const token = value as Partial<Record<keyof DualSubjectToken, unknown>>;
  // A copy revived from `toJSON` (a cache keeping JSON): its secrets are the placeholder, and who
  // it was asked for is gone, so it would be sent unchecked and could only be refused.
  if (token.accessToken === REDACTED) {
    throw new TypeError(
      `${name}.accessToken is the redaction placeholder: pass the token itself (${RESOLVED}), not a copy revived from JSON`,
    );
  }
  if (typeof token.accessToken !== 'string' || !TOKEN_VALUE.test(token.accessToken)) {
    throw new TypeError(
      `${name}.accessToken must be a non-empty string of printable ASCII${Object.hasOwn(token, 'access_token') ? ` (got the IdP's JSON: pass ${RESOLVED})` : ''}`,
    );
  }
  if (typeof token.tokenType !== 'string' || !isHttpToken(token.tokenType)) {
    throw new TypeError(`${name}.tokenType must be an HTTP auth scheme such as "Bearer"`);
  }
  const assertion = token.actAssertion;
  if (assertion !== undefined && (typeof assertion !== 'string' || !TOKEN_VALUE.test(assertion))) {
    throw new TypeError(`${name}.actAssertion must be a non-empty string of printable ASCII`);
  }
  if (typeof token.expiresAt !== 'number' || Number.isNaN(token.expiresAt)) {
    throw new TypeError(`${name}.expiresAt must be a number (ms since the epoch)`);
  }
  // Who it was asked for, checked against the call's identity (`assertTokenFor`), which compares
  // strings only: a number (an app's user id) would let the token go out for another.
  for (const [field, what] of IDENTITY_FIELDS) {
    if (token[field] !== undefined && typeof token[field] !== 'string') {
      throw new TypeError(
        `${name}.${field} must be a string (${what} it was asked for) or left out`,
      );
    }
  }
}

const DPOP_WITHOUT_PROOF = 'a DPoP token needs a proof per request (RFC 9449 §7.1): ';

/**
 * Checks that a token of type `DPoP` (any case, RFC 6749 §5.1) will be sent with a proof: a
 * resource server refuses one without (RFC 9449 §7.1), so it is not sent at all. `callApi` checks
 * each token with it; `@dual-auth/mcp`'s `dualAuthFetch` too, with its own `remedy`.
 *
 * @param token - The token about to be sent.
 * @param proves - Whether the request will carry a proof: a `dpopProof` maker, or the caller's own
 *   `DPoP` header.
 * @param remedy - What the caller must do, the end of the message after
 *   `'a DPoP token needs a proof per request (RFC 9449 §7.1): '`; default callApi's
 *   (`'give callApi dpopProof or a DPoP header'`).
 * @throws TypeError when the token is of type DPoP and `proves` is false.
 * @example
 * ```ts
 * import { assertProvable } from '@dual-auth/client';
 *
 * assertProvable({ accessToken: 'at', tokenType: 'Bearer', expiresAt: 0 }, false); // passes
 * ```
 */
export function assertProvable(
  token: DualSubjectToken,
  proves: boolean,
  remedy = 'give callApi dpopProof or a DPoP header',
): void {
  if (!proves && token.tokenType.toLowerCase() === 'dpop') {
    throw new TypeError(DPOP_WITHOUT_PROOF + remedy);
  }
}

/**
 * `headers` with the credential headers of a token added: `Authorization: <tokenType>
 * <accessToken>` and, for an Entra ID token, `X-Act-Assertion: <actAssertion>`. A `bearer` type in
 * any case is sent as `Bearer`, the spelling resource servers compare against.
 */
export function withCredentials(
  headers: Readonly<Record<string, string>>,
  token: DualSubjectToken,
): Record<string, string> {
  const scheme = token.tokenType.toLowerCase() === 'bearer' ? 'Bearer' : token.tokenType;
  const sent = { ...headers, authorization: `${scheme} ${token.accessToken}` };
  if (token.actAssertion !== undefined && token.actAssertion !== '') {
    return { ...sent, [ACT_ASSERTION]: token.actAssertion };
  }
  return sent;
}
