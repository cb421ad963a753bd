// The helpers @dual-auth/client exports for other transports (mcp builds on them), as exported:
// each checks its arguments, then runs the client's own helper, which the client's calls use
// unchecked (their arguments are its own). A wrong argument is a TypeError naming it and what to
// pass, not "Cannot read properties of undefined" from inside, nor a check that passes on a number.
import {
  checkValue,
  type DualSubjectToken,
  requireArray,
  requireResponse,
  requireUrl,
  requireValue,
} from '@dual-auth/core';
import { challengeRefusal as refusalOf } from './challenge-error-text.js';
import { challengeRemedy as remedyOf } from './challenge-remedy.js';
import {
  assertProvable as assertProvableUnchecked,
  withCredentials as withCredentialsUnchecked,
} from './credential-headers.js';
import {
  makeDpopProof as makeDpopProofUnchecked,
  proofUrl as proofUrlUnchecked,
} from './dpop-proof.js';
import {
  isInvalidRequestChallenge as isInvalidRequest,
  isInvalidTokenChallenge as isInvalidToken,
} from './invalid-token-challenge.js';
import { redirectStep as redirectStepUnchecked } from './redirect-step.js';
import { assertTokenFor as assertTokenForUnchecked } from './token-identity.js';

// A token's shape as far as these helpers read it; `assertDualSubjectToken` is its full check.
function requireToken(value: unknown, name: string): asserts value is DualSubjectToken {
  const token = value as Partial<Record<string, unknown>> | null | undefined;
  if (typeof token?.['accessToken'] !== 'string' || typeof token['tokenType'] !== 'string') {
    throw new TypeError(
      `${name} must be a DualSubjectToken (what requestToken resolves to), with a string accessToken and tokenType`,
    );
  }
}

/**
 * Refuses `token` when it records another human or agent than `identity` names (its `humanId`
 * and `agentId`): the API would act for one while the call's logs and audit name another. A field
 * either side leaves out is not compared; `unchecked` (when given) is called with each field
 * `identity` names that `token` leaves out. `source` completes "is not the one … ".
 *
 * @throws TypeError naming the field, never its values; or naming the argument that is not an
 *   object (`identity`), a DualSubjectToken (`token`), a string (`source`) or a function
 *   (`unchecked`).
 */
export const assertTokenFor: typeof assertTokenForUnchecked = (
  identity,
  token,
  source,
  unchecked,
) => {
  requireValue(identity, 'identity', 'object');
  requireToken(token, 'token');
  requireValue(source, 'source', 'string');
  checkValue(unchecked, 'unchecked', 'function');
  assertTokenForUnchecked(identity, token, source, unchecked);
};

/**
 * Checks that a token of type `DPoP` (any case, RFC 6749 §5.1) will be sent with a proof (RFC 9449
 * §7.1): `proves` says whether the request carries one; `remedy` ends the refusal's message.
 *
 * @throws TypeError when the token is of type DPoP and `proves` is false, or naming the argument
 *   that is not a DualSubjectToken (`token`), a boolean (`proves`) or a string (`remedy`).
 * @example
 * ```ts
 * import { assertProvable } from '@dual-auth/client';
 *
 * assertProvable({ accessToken: 'at', tokenType: 'Bearer', expiresAt: 0 }, false); // passes
 * ```
 */
export const assertProvable: typeof assertProvableUnchecked = (token, proves, remedy) => {
  requireToken(token, 'token');
  requireValue(proves, 'proves', 'boolean');
  assertProvableUnchecked(token, proves, checkValue(remedy, 'remedy', 'string'));
};

/**
 * `headers` with the credential headers of `token` added: `Authorization: <tokenType>
 * <accessToken>` (a `bearer` type in any case sent as `Bearer`) and, for an Entra ID token,
 * `X-Act-Assertion: <actAssertion>`.
 *
 * @throws TypeError naming the argument that is not an object (`headers`) or a DualSubjectToken.
 */
export const withCredentials: typeof withCredentialsUnchecked = (headers, token) => {
  requireValue(headers, 'headers', 'object');
  requireToken(token, 'token');
  return withCredentialsUnchecked(headers, token);
};

/**
 * What a 401 `response` to a token of type `tokenType` asks for: `'renew'` (an `invalid_token`
 * challenge), `'nonce'` (a DPoP `use_dpop_nonce` with a nonce, when `canProve`), or undefined.
 *
 * @throws TypeError naming the argument that is not a fetch Response, a string (`tokenType`) or
 *   a boolean (`canProve`).
 */
export const challengeRemedy: typeof remedyOf = (response, tokenType, canProve) => {
  requireResponse(response, 'response');
  requireValue(tokenType, 'tokenType', 'string');
  requireValue(canProve, 'canProve', 'boolean');
  return remedyOf(response, tokenType, canProve);
};

/**
 * A proof for `request` from `maker`, checked so that it fits a header.
 *
 * @throws TypeError when `maker` is not a function or `request` not an object; when the maker
 *   returns something other than a compact JWS (the value is not repeated); whatever the maker
 *   throws, unchanged.
 */
export const makeDpopProof: typeof makeDpopProofUnchecked = async (maker, request) => {
  requireValue(maker, 'dpopProof', 'function');
  requireValue(request, 'request', 'object');
  return makeDpopProofUnchecked(maker, request);
};

/**
 * The `htu` of a DPoP proof for `url` (RFC 9449 §4.2): its origin and path, without query and
 * fragment.
 *
 * @throws TypeError when `url` is not a URL.
 */
export const proofUrl: typeof proofUrlUnchecked = (url) => {
  requireUrl(url, 'url');
  return proofUrlUnchecked(url);
};

/**
 * Reads a 3xx answer the way fetch would (303, and 301/302 after POST, become GET), but refuses
 * what fetch allows: a switch from `https:` to `http:`, any scheme but HTTP(S), credentials in
 * the URL, and `http:` off loopback. Undefined when the answer is not a redirect to follow.
 *
 * @throws TypeError naming the argument that is not a fetch Response, a URL (`current`), a
 *   string (`method`) or a boolean (`allowInsecureLoopback`).
 */
export const redirectStep: typeof redirectStepUnchecked = (
  response,
  current,
  method,
  allowInsecureLoopback,
) => {
  requireResponse(response, 'response');
  requireUrl(current, 'current');
  requireValue(method, 'method', 'string');
  requireValue(allowInsecureLoopback, 'allowInsecureLoopback', 'boolean');
  return redirectStepUnchecked(response, current, method, allowInsecureLoopback);
};

/**
 * The Bearer or DPoP challenge with an `error` of `response` (RFC 6750 §3, RFC 9449 §7.1),
 * sanitized (no quoted credential, email or person of `credentials` and `people`); undefined when
 * the answer has none. `sentScheme` is the token's type: when both challenges carry an `error`,
 * this one is read.
 *
 * @throws TypeError naming the argument that is not a fetch Response, an array of strings
 *   (`credentials`, `people`) or a string (`sentScheme`).
 */
export const challengeRefusal: typeof refusalOf = (response, credentials, sentScheme, people) => {
  requireResponse(response, 'response');
  requireArray(credentials, 'credentials');
  requireValue(sentScheme, 'sentScheme', 'string');
  if (people !== undefined) requireArray(people, 'people');
  return refusalOf(response, credentials, sentScheme, people);
};

/**
 * Whether `response` is a 401 whose `scheme` challenge (default `Bearer`) says `invalid_token`
 * (RFC 6750 §3.1, RFC 9449 §7.1).
 *
 * @throws TypeError when `response` is not a fetch Response.
 */
export const isInvalidTokenChallenge: typeof isInvalidToken = (response, scheme) => {
  requireResponse(response, 'response');
  return isInvalidToken(response, scheme);
};

/**
 * Whether `response` is a 400 whose `scheme` challenge (default `Bearer`) says `invalid_request`
 * (RFC 6750 §3.1).
 *
 * @throws TypeError when `response` is not a fetch Response.
 */
export const isInvalidRequestChallenge: typeof isInvalidRequest = (response, scheme) => {
  requireResponse(response, 'response');
  return isInvalidRequest(response, scheme);
};
