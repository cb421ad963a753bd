// The helpers @dual-auth/core/adapter-kit exports for plugins, as exported: each checks its
// arguments, then runs core's own helper, which core's adapters call unchecked (their arguments
// are their own). A wrong argument is a TypeError naming it and what to pass: never "Cannot read
// properties of undefined" from inside, never an issued-token check that passes because what it
// compares with is missing (an API check without its audience took any API's token), never a
// timer that throws later, outside the caller's reach, and ends the process.
import { checkValue, requireValue } from '../config/check-option.js';
import {
  rejecting,
  requireArray,
  requireHeaders,
  requireObject,
  requireResponse,
  requireText,
  requireUrl,
} from '../config/require-argument.js';
import { readSubjectTokenOnce } from '../contracts/subject-token.js';
import { peopleBesideScopes as peopleBesideUnchecked } from '../redaction/people-beside-scopes.js';
import { asciiJson as asciiJsonUnchecked } from './ascii-json.js';
import { isLoopbackHost as isLoopbackUnchecked } from './assert-https-url.js';
import {
  checkIssuedToken as checkIssuedUnchecked,
  jwtPayloadOf as payloadUnchecked,
} from './check-issued-token.js';
import { checkJwksCooldown as checkCooldownUnchecked } from './check-jwks-cooldown.js';
import {
  clientAssertionClaims as claimsUnchecked,
  createClientAssertion as createAssertionUnchecked,
  signClientAssertion as signAssertionUnchecked,
} from './client-assertion.js';
import {
  describeNetworkFailure as describeFailureUnchecked,
  hostAndPort as hostAndPortUnchecked,
} from './describe-network-failure.js';
import { dpopAlgorithmOf as dpopAlgorithmUnchecked } from './dpop-algorithm.js';
import { dpopAnswerProblem as dpopAnswerUnchecked } from './dpop-answer-problem.js';
import { encodeForm as encodeFormUnchecked } from './encode-form.js';
import { isHumanIdClaimName as isHumanIdUnchecked } from './human-id-claim.js';
import { isCryptoKey } from './is-crypto-key.js';
import { jwtTimeFault as timeFaultUnchecked } from './jwt-time-fault.js';
import {
  missingScopes as missingScopesUnchecked,
  parseTokenResponse as parseTokenResponseUnchecked,
  tokenAnswerProblem as tokenAnswerUnchecked,
} from './parse-token-response.js';
import { peopleOf as peopleOfUnchecked } from './people-of.js';
import { raceAbort as raceAbortUnchecked } from './race-abort.js';
import { readBoundedBody as readBoundedUnchecked } from './read-bounded-body.js';
import { readJsonBody as readJsonUnchecked } from './read-json-body.js';
import {
  apiTokenCheck as apiTokenCheckUnchecked,
  refuseOtherApi as refuseOtherApiUnchecked,
} from './refuse-other-api.js';
import { refuseUnusableSubjectToken as refuseSubjectUnchecked } from './refuse-unusable-subject-token.js';
import { requestedWaitMs as requestedWaitUnchecked } from './requested-wait.js';
import { retryAfterMs as retryAfterUnchecked } from './retry-after.js';
import { backoffDelay as backoffDelayUnchecked } from './retry-policy.js';
import {
  safeRemoteText as safeRemoteTextUnchecked,
  credentialScrubber as scrubberUnchecked,
  scrubCredentials as scrubUnchecked,
} from './scrub-credentials.js';
import { timerSleep as timerSleepUnchecked } from './sleep.js';
import {
  tokenErrorFromResponse as errorFromResponseUnchecked,
  readOAuthError as readOAuthErrorUnchecked,
  tokenErrorMessage as tokenErrorMessageUnchecked,
} from './token-endpoint-error.js';
import { tokenUrlAdvice as tokenUrlAdviceUnchecked } from './token-url-advice.js';
import { withConfigErrorLog as withConfigErrorLogUnchecked } from './with-config-error-log.js';

// An AbortSignal or undefined: a look-alike without its listener methods threw inside the timer.
function requireSignal(signal: unknown): void {
  if (signal !== undefined && !(signal instanceof AbortSignal)) {
    throw new TypeError('signal must be an AbortSignal (or undefined)');
  }
}

/**
 * The `issuedToken.check` of an adapter that asks for a legacy-layout token for `API_AUDIENCE`:
 * the token's client claim and `act.sub`, then, for a JWT, that its `aud` names `audience`.
 *
 * @throws TypeError when `expected` is not an object, its `audience` not a non-empty string (no
 *   audience would let a token for any API pass), or `vendor`, `actSetting`, `audienceCheck`
 *   not strings.
 */
export const apiTokenCheck: typeof apiTokenCheckUnchecked = (given) => {
  const expected = requireObject(given, 'expected');
  requireValue(expected.vendor, 'expected.vendor', 'string');
  requireValue(expected.actSetting, 'expected.actSetting', 'string');
  requireText(expected.audience, 'expected.audience', 'API_AUDIENCE');
  requireValue(expected.audienceCheck, 'expected.audienceCheck', 'string');
  return apiTokenCheckUnchecked(expected);
};

/**
 * Refuses a token whose `aud` names none of `audiences` (RFC 7519 §4.1.3, RFC 8707 §1); none
 * configured (an empty array, or only undefined): nothing to compare.
 *
 * @throws TypeError naming the argument that is not an object (`claims`), an array
 *   (`audiences`) or a string (`which`, `check`, `vendor`).
 * @throws TokenRequestError (status 200) naming the settings, never a value.
 */
export const refuseOtherApi: typeof refuseOtherApiUnchecked = (
  claims,
  audiences,
  which,
  check,
  vendor,
) => {
  requireValue(claims, 'claims', 'object');
  requireArray(audiences, 'audiences', false);
  requireValue(which, 'which', 'string');
  requireValue(check, 'check', 'string');
  requireValue(vendor, 'vendor', 'string');
  refuseOtherApiUnchecked(claims, audiences, which, check, vendor);
};

/**
 * Checks that a legacy-layout access token names the requested human (`act.sub`) and agent.
 *
 * @throws TypeError when `accessToken` is not a string, `expected` not an object, or its
 *   `profile` not a TokenProfile, `agentId`, `human` or `vendor` not non-empty strings.
 * @throws TokenRequestError (status 200, `mismatch`) naming the claim at fault.
 */
export const checkIssuedToken: typeof checkIssuedUnchecked = (accessToken, given) => {
  requireValue(accessToken, 'accessToken', 'string');
  const expected = requireObject(given, 'expected');
  if (!Array.isArray(expected.profile?.clientIdClaims)) {
    throw new TypeError('expected.profile must be a TokenProfile (with clientIdClaims)');
  }
  requireText(expected.agentId, 'expected.agentId', 'AGENT_CLIENT_ID');
  requireText(expected.human, 'expected.human', 'the requested act.sub');
  requireValue(expected.vendor, 'expected.vendor', 'string');
  checkIssuedUnchecked(accessToken, expected);
};

/**
 * The claims of a JWT, decoded only, never verified; undefined for an opaque token.
 *
 * @throws TypeError when `token` is not a string.
 */
export const jwtPayloadOf: typeof payloadUnchecked = (token) =>
  payloadUnchecked(requireValue(token, 'token', 'string'));

/**
 * Which time claim makes the JWT `token` unusable at `nowMs` (ms since the epoch), decoded only:
 * `'exp'` when its numeric `exp` is not after `nowMs` less `expLeewaySeconds` (RFC 7519 §4.1.4;
 * default 0, for a token handed out), `'iat'` when its numeric `iat` is more than
 * `MAX_CLOCK_TOLERANCE_SECONDS` (300 s) after `nowMs` (every guard refuses it), `undefined` for an
 * opaque token, one without those claims, or one in time. The adapter kit's one rule for a token
 * it holds; the caller words the refusal for what the token is.
 *
 * @throws TypeError when `token` is not a string, or `nowMs` or `expLeewaySeconds` not a number.
 */
export const jwtTimeFault: typeof timeFaultUnchecked = (token, nowMs, expLeewaySeconds) =>
  timeFaultUnchecked(
    requireValue(token, 'token', 'string'),
    requireValue(nowMs, 'nowMs', 'number'),
    checkValue(expLeewaySeconds, 'expLeewaySeconds', 'number'),
  );

/**
 * Refuses, before it is sent, a human's token the IdP would plainly refuse: an unsigned JWT (`alg`
 * `none`, RFC 7518 §3.6) or one past its `exp` by `MAX_CLOCK_TOLERANCE_SECONDS` (300 s) or more
 * (RFC 7519 §4.1.4) at `context.nowMs`; decoded only, never verified, and an opaque or SAML token
 * is not refused. Logged `subject_token_refused` (warn: `vendor`, `agent_id`, `reason` `unsigned`
 * or `expired`), never the token or a claim. An adapter that sends the human's token (a token
 * exchange, on-behalf-of, an ID-JAG's step one: `@dual-auth/adapter-oauth`) calls it before; one
 * that never sends it (the legacy layout) does not.
 *
 * @throws SubjectTokenRequiredError saying why and to get a fresh token of the human's sign-in.
 * @throws TypeError when `token` is not a `SubjectToken` or `context` not an object with
 *   `nowMs`, `logger`, `vendor` and `agentId`.
 */
export const refuseUnusableSubjectToken: typeof refuseSubjectUnchecked = (token, context) => {
  const read = readSubjectTokenOnce(token);
  if (read === undefined) {
    throw new TypeError('token must be a SubjectToken (createSubjectToken from @dual-auth/core)');
  }
  const given = requireObject(context, 'context');
  requireValue(given.nowMs, 'context.nowMs', 'number');
  requireValue(given.logger, 'context.logger', 'logger');
  requireText(given.vendor, 'context.vendor', 'the adapter vendor');
  requireText(given.agentId, 'context.agentId', 'the agent client id');
  refuseSubjectUnchecked(read, given);
};

/**
 * `text` with each of `credentials` (and their pieces) replaced by `***REDACTED***`.
 *
 * @throws TypeError when `text` is not a string or `credentials` not an array.
 */
export const scrubCredentials: typeof scrubUnchecked = (text, credentials) =>
  scrubUnchecked(
    requireValue(text, 'text', 'string'),
    requireArray(credentials, 'credentials', false),
  );

/**
 * A scrubber of `credentials` made once, for several texts.
 *
 * @throws TypeError when `credentials` is not an array.
 */
export const credentialScrubber: typeof scrubberUnchecked = (credentials) =>
  scrubberUnchecked(requireArray(credentials, 'credentials', false));

/**
 * Remote text made safe to keep: scrubbed of `credentials`, emails and `people`, trimmed to `max`.
 *
 * @throws TypeError when `credentials` is neither an array nor a scrubber, or `people` not an
 *   array of strings.
 */
export const safeRemoteText: typeof safeRemoteTextUnchecked = (value, credentials, max, people) => {
  if (typeof credentials !== 'function') requireArray(credentials, 'credentials', false);
  if (people !== undefined) requireArray(people, 'people');
  return safeRemoteTextUnchecked(value, credentials, max, people);
};

/**
 * Whether `hostname` is a loopback host (`localhost`, `127.0.0.0/8`, `::1`).
 *
 * @throws TypeError when `hostname` is not a string.
 */
export const isLoopbackHost: typeof isLoopbackUnchecked = (hostname) =>
  isLoopbackUnchecked(requireValue(hostname, 'hostname', 'string'));

/**
 * Whether `claim` may name the human's id claim.
 *
 * @throws TypeError when `claim` is not a string.
 */
export const isHumanIdClaimName: typeof isHumanIdUnchecked = (claim) =>
  isHumanIdUnchecked(requireValue(claim, 'claim', 'string'));

/**
 * `application/x-www-form-urlencoded` of `fields` (WHATWG URL §5.2).
 *
 * @throws TypeError when `fields` is not an array of [name, value] pairs, or a value not a string.
 */
export const encodeForm: typeof encodeFormUnchecked = (fields) => {
  const given: unknown = fields;
  if (!Array.isArray(given) || !given.every((field) => Array.isArray(field))) {
    throw new TypeError('fields must be an array of [name, value] string pairs');
  }
  return encodeFormUnchecked(fields);
};

/**
 * The wait a `Retry-After` value asks for, in ms from `now`; undefined when unreadable.
 *
 * @throws TypeError when `value` is neither a string nor null.
 */
export const retryAfterMs: typeof retryAfterUnchecked = (value, now) => {
  if (value !== null) requireValue(value, 'value', 'string');
  return retryAfterUnchecked(value, now);
};

/**
 * The wait an answer's headers ask for, in ms from `now` (Retry-After, RateLimit).
 *
 * @throws TypeError when `headers` is not a Headers.
 */
export const requestedWaitMs: typeof requestedWaitUnchecked = (headers, now, rateLimitField) =>
  requestedWaitUnchecked(requireHeaders(headers, 'headers'), now, rateLimitField);

/**
 * JSON of `value` with every non-ASCII character escaped (`\uXXXX`).
 *
 * @throws TypeError when `value` has no JSON text (undefined, a function, a symbol).
 */
export const asciiJson: typeof asciiJsonUnchecked = (value) => {
  if (JSON.stringify(value) === undefined) {
    throw new TypeError('value must be JSON-serializable (not undefined, a function or a symbol)');
  }
  return asciiJsonUnchecked(value);
};

/**
 * Those of `people` that are not among `requested` (scope names), case-insensitively.
 *
 * @throws TypeError when `people` is not an array of strings or `requested` not an array.
 */
export const peopleBesideScopes: typeof peopleBesideUnchecked = (people, requested) =>
  peopleBesideUnchecked(
    requireArray(people, 'people'),
    requireArray(requested, 'requested', false),
  );

/**
 * A response body read up to `maxBytes`, parsed as JSON.
 *
 * @throws TypeError (rejected) when `response` is not a fetch Response or `maxBytes` not a
 *   finite number >= 0.
 */
export const readJsonBody: typeof readJsonUnchecked = /* @__PURE__ */ rejecting(
  (response, maxBytes) => {
    requireResponse(response, 'response');
    requireValue(maxBytes, 'maxBytes', 'number');
  },
  readJsonUnchecked,
);

/**
 * A response body read up to `maxBytes`; a larger one is cancelled.
 *
 * @throws TypeError (rejected) when `response` is not a fetch Response, `maxBytes` not a finite
 *   number >= 0 or `what` not a string.
 */
export const readBoundedBody: typeof readBoundedUnchecked = /* @__PURE__ */ rejecting(
  (response, maxBytes, what) => {
    requireResponse(response, 'response');
    requireValue(maxBytes, 'maxBytes', 'number');
    checkValue(what, 'what', 'string');
  },
  readBoundedUnchecked,
);

/**
 * Waits `ms`, or rejects with the signal's reason when it aborts first.
 *
 * @throws TypeError (rejected) when `ms` is not a finite number >= 0 or `signal` not
 *   an AbortSignal.
 */
export const timerSleep: typeof timerSleepUnchecked = /* @__PURE__ */ rejecting((ms, signal) => {
  requireValue(ms, 'ms', 'number');
  requireSignal(signal);
}, timerSleepUnchecked);

/**
 * Waits for `promise`, or stops as soon as `signal` aborts.
 *
 * @throws TypeError (rejected) when `signal` is not an AbortSignal or `onAbort` not a function.
 */
export const raceAbort: typeof raceAbortUnchecked = /* @__PURE__ */ rejecting(
  (_promise, signal, onAbort) => {
    requireSignal(signal);
    checkValue(onAbort, 'onAbort', 'function');
  },
  raceAbortUnchecked,
) as typeof raceAbortUnchecked;

/**
 * What is wrong with a token answer's DPoP binding (RFC 9449 §5, §6.1); undefined when fine.
 *
 * @throws TypeError when `json` is not an object or `dpop.jkt` not a non-empty string (without
 *   it, an answer bound to no key would be compared with nothing).
 */
export const dpopAnswerProblem: typeof dpopAnswerUnchecked = (json, given) => {
  requireValue(json, 'json', 'object');
  const dpop = requireObject(given, 'dpop');
  requireText(dpop.jkt, 'dpop.jkt', 'the RFC 7638 thumbprint of the proof key');
  return dpopAnswerUnchecked(json, dpop);
};

/**
 * What is wrong with a token answer (RFC 6749 §5.1); undefined when fine.
 *
 * @throws TypeError when `json` or `rules` is not an object, or `rules.nowMs` (when given) not a
 *   finite number of ms since the epoch (else every JWT would read as past its `exp`).
 */
export const tokenAnswerProblem: typeof tokenAnswerUnchecked = (json, rules) => {
  requireValue(json, 'json', 'object');
  checkValue(rules, 'rules', 'object');
  checkValue(rules?.nowMs, 'rules.nowMs', 'number');
  return tokenAnswerUnchecked(json, rules);
};

/**
 * The OAuth error of a token endpoint's JSON answer (RFC 6749 §5.2), made safe to keep.
 *
 * @throws TypeError when `body` is not a JsonBody or `credentials`, `people` not arrays.
 */
export const readOAuthError: typeof readOAuthErrorUnchecked = (body, credentials, people) => {
  requireValue(body, 'body', 'object');
  if (credentials !== undefined) requireArray(credentials, 'credentials', false);
  if (people !== undefined) requireArray(people, 'people');
  return readOAuthErrorUnchecked(body, credentials, people);
};

/**
 * The message of a refused token request.
 *
 * @throws TypeError when `messages` or `body` is not an object or `status` not a number.
 */
export const tokenErrorMessage: typeof tokenErrorMessageUnchecked = (
  messages,
  status,
  body,
  advice,
) => {
  requireValue(messages, 'messages', 'object');
  requireValue(status, 'status', 'number');
  requireValue(body, 'body', 'object');
  return tokenErrorMessageUnchecked(messages, status, body, advice);
};

/**
 * `host:port` of `url`, the scheme's default port written out.
 *
 * @throws TypeError when `url` is not a URL.
 */
export const hostAndPort: typeof hostAndPortUnchecked = (url) => {
  requireUrl(url, 'url');
  return hostAndPortUnchecked(url);
};

/**
 * The JWS algorithm of a DPoP proof key; undefined for a key DPoP does not use.
 *
 * @throws TypeError when `key` is not a CryptoKey.
 */
export const dpopAlgorithmOf: typeof dpopAlgorithmUnchecked = (key) => {
  if (!isCryptoKey(key)) throw new TypeError('key must be a CryptoKey');
  return dpopAlgorithmUnchecked(key);
};

/**
 * A network failure of a token request described without the URL's path or credentials.
 *
 * @throws TypeError when `endpoint` is not an object with a `url`.
 */
export const describeNetworkFailure: typeof describeFailureUnchecked = (error, given) => {
  const endpoint = requireObject(given, 'endpoint');
  if (typeof endpoint.url !== 'string' && !(endpoint.url instanceof URL)) {
    throw new TypeError('endpoint.url must be a string or a URL (the token URL)');
  }
  return describeFailureUnchecked(error, endpoint);
};

/**
 * The token of a token endpoint's JSON answer (RFC 6749 §5.1), refused when it is not one.
 *
 * @throws TypeError when `json` or `options` is not an object (or `options` cannot be read).
 * @throws TokenRequestError as core's `parseTokenResponse`.
 */
export const parseTokenResponse: typeof parseTokenResponseUnchecked = (json, options) => {
  requireValue(json, 'json', 'object');
  return parseTokenResponseUnchecked(json, requireObject(options, 'options'));
};

/**
 * The claims of a client assertion (RFC 7523 §3).
 *
 * @throws TypeError when `options` is not an object (or cannot be read), or as core's
 *   `clientAssertionClaims` for its fields.
 */
export const clientAssertionClaims: typeof claimsUnchecked = (options) =>
  claimsUnchecked(requireObject(options, 'options'));

/**
 * `claims` signed as a client assertion with the key in `options`.
 *
 * @throws TypeError (rejected) when `claims` or `options` is not an object (or cannot be read).
 */
export const signClientAssertion: typeof signAssertionUnchecked = async (claims, options) =>
  signAssertionUnchecked(
    requireValue(claims, 'claims', 'object') as typeof claims,
    requireObject(options, 'options'),
  );

/**
 * A signed client assertion (RFC 7523 §2.2) for `options`.
 *
 * @throws TypeError (rejected) when `options` is not an object (or cannot be read).
 */
export const createClientAssertion: typeof createAssertionUnchecked = async (options) =>
  createAssertionUnchecked(requireObject(options, 'options'));

/**
 * The TokenRequestError of a token endpoint's answer that carries no token.
 *
 * @throws TypeError when `options` is not an object (or cannot be read), its `status` not a
 *   number, `body` or `messages` not objects.
 */
export const tokenErrorFromResponse: typeof errorFromResponseUnchecked = (given) => {
  const options = requireObject(given, 'options');
  requireValue(options.status, 'options.status', 'number');
  requireValue(options.body, 'options.body', 'object');
  requireValue(options.messages, 'options.messages', 'object');
  return errorFromResponseUnchecked(options);
};

/**
 * What to do about an answer that is not a token endpoint's (an HTML page, a redirect).
 *
 * @throws TypeError when `answer` is not an object (or cannot be read), its `headers` not a
 *   Headers, or `tokenUrl` not a URL.
 */
export const tokenUrlAdvice: typeof tokenUrlAdviceUnchecked = (given, tokenUrl, hint, echoes) => {
  const answer = requireObject(given, 'answer');
  requireHeaders(answer.headers, 'answer.headers');
  return tokenUrlAdviceUnchecked(answer, requireUrl(tokenUrl, 'tokenUrl'), hint, echoes);
};

/**
 * The JWKS cooldown in ms, checked against the cache's range.
 *
 * @throws TypeError when `option` is not an object (or cannot be read), its `name` or `rangeNames`
 *   not strings, or as core's `checkJwksCooldown` for its values.
 */
export const checkJwksCooldown: typeof checkCooldownUnchecked = (given) => {
  const option = requireObject(given, 'option');
  requireValue(option.name, 'option.name', 'string');
  requireValue(option.rangeNames, 'option.rangeNames', 'string');
  return checkCooldownUnchecked(option);
};

/**
 * `check()`, its ConfigurationError logged as `event` first.
 *
 * @throws TypeError when `event` is not a string or `check` not a function.
 */
export const withConfigErrorLog: typeof withConfigErrorLogUnchecked = (options, event, check) =>
  withConfigErrorLogUnchecked(
    options,
    requireValue(event, 'event', 'string'),
    requireValue(check, 'check', 'function') as typeof check,
  );

/**
 * The requested scopes the IdP did not grant.
 *
 * @throws TypeError when `requested` is neither a string nor an array of strings.
 */
export const missingScopes: typeof missingScopesUnchecked = (requested, granted) => {
  if (
    typeof requested !== 'string' &&
    !(Array.isArray(requested) && requested.every((scope) => typeof scope === 'string'))
  ) {
    throw new TypeError('requested must be a string or an array of strings (the requested scopes)');
  }
  return missingScopesUnchecked(requested, granted);
};

/**
 * The people a token request names (its act's strings and its people-like scopes), to scrub.
 *
 * @throws TypeError when `request` is not an object.
 */
export const peopleOf: typeof peopleOfUnchecked = (request) =>
  peopleOfUnchecked(requireValue(request, 'request', 'object') as typeof request);

/**
 * The full-jitter wait before retry number `retry`, in ms.
 *
 * @throws TypeError when `policy` is not an object or `random` not a function (a RandomBytes).
 */
export const backoffDelay: typeof backoffDelayUnchecked = (policy, retry, random) =>
  backoffDelayUnchecked(
    requireValue(policy, 'policy', 'object') as typeof policy,
    retry,
    requireValue(random, 'random', 'function') as typeof random,
  );
