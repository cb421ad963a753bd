import {
  ApiCallError,
  CLOCK_STOOD_STILL_ADVICE,
  type DualSubjectToken,
  humanIdForLogging,
  type LogFields,
  noopLogger,
  prepareHumanIdForLogging,
} from '@dual-auth/core';
import {
  backoffDelay,
  connectTimeoutCode,
  fetchFailureCode,
  permissionRefusal,
  requestedWaitMs,
  safeFetchCause,
  tlsTrustFailure,
} from '@dual-auth/core/adapter-kit';
import type { ResolvedApiCallOptions } from './api-call-options.js';
import { boundedResponse } from './bounded-response.js';
import { auditApiAnswer } from './call-audit.js';
import { callHuman } from './call-human.js';
import { callUrlForLogging } from './call-route.js';
import { CallScope } from './call-scope.js';
import { challengeErrorText } from './challenge-error-text.js';
import { challengeRemedy } from './challenge-remedy.js';
import { CALLER_CREDENTIAL_HEADERS } from './credential-headers.js';
import { discardResponse } from './discard-response.js';
import type { DpopNonces } from './dpop-nonces.js';
import { INVALID_REQUEST_ADVICE, isInvalidRequestChallenge } from './invalid-token-challenge.js';
import type { PreparedCall } from './prepare-call.js';
import type { AttemptResult } from './run-attempt.js';
import { tracedAttempt } from './traced-attempt.js';

type Failure = Extract<AttemptResult, { failure: unknown }>;

/** The log fields of every event of one call (IAM ids and the URL without query). */
interface CallFields extends LogFields {
  readonly method: string;
  readonly api_url: string;
}

/** What the call was doing, for the message of a passed deadline. */
type Phase = 'token' | 'request' | 'wait' | 'body';

const PHASE_TEXT: Readonly<Record<Phase, string>> = {
  token: 'waiting for the token provider',
  request: 'waiting for the answer',
  wait: 'waiting to retry',
  body: 'reading the response body',
};

/**
 * Runs a prepared call to its end within its total timeout: the token, attempts, one token
 * renewal after a 401 `invalid_token`, one new DPoP proof with the API's nonce after a 401
 * `use_dpop_nonce` (RFC 9449 §9), retries with backoff or the wait the API asks for (never after a
 * 400 `invalid_request`: the request itself is malformed, RFC 6750 §3.1), then the
 * answer (whose body stays bounded by the deadline) or an {@link ApiCallError}. The first proof
 * carries the nonce the API's origin last sent (`nonces`, the client's), and every answer's
 * nonce is kept there for the next calls (§8.2).
 */
export function executeCall(
  call: PreparedCall,
  options: ResolvedApiCallOptions,
  nonces: DpopNonces,
): Promise<Response> {
  // Built at the first event or error: a call that logs nothing and succeeds never needs them.
  let built: CallFields | undefined;
  const fields = (): CallFields =>
    (built ??= {
      method: call.method,
      api_url: callUrlForLogging(call),
      agent_id: call.identity.agentId,
      human_id: humanIdForLogging(callHuman(call.identity)),
    });
  let attempts = 0;
  let phase: Phase = 'token';
  const scope = new CallScope({
    clock: options.clock,
    totalTimeoutMs: options.totalTimeoutMs,
    requestTimeoutMs: options.timeoutMs,
    signal: call.signal,
    deadlineError: (stoodStill) => {
      // Once the answer is returned, the deadline is news only to a reader still waiting.
      if (phase !== 'body' || scope.waiting) {
        options.logger.warn('api_call_timeout', {
          ...fields(),
          failure: 'deadline',
          phase,
          attempts,
        });
      }
      const what = stoodStill
        ? 'stopped'
        : `exceeded its total timeout of ${options.totalTimeoutMs} ms`;
      const advice = stoodStill ? `: ${CLOCK_STOOD_STILL_ADVICE}` : '';
      return new ApiCallError({
        message: `API call failed: ${call.method} ${fields().api_url} ${what} ${PHASE_TEXT[phase]} after ${attempts} attempt(s)${advice}`,
        method: call.method,
        url: fields().api_url,
        attempts,
        reason: 'deadline',
      });
    },
  });
  const setPhase = (next: Phase, attempt = attempts): void => {
    phase = next;
    attempts = attempt;
  };
  return attemptUntilDone(call, options, nonces, scope, fields, setPhase);
}

// Own loop rather than a retry library's: between attempts it renews the token, waits what the API
// asks for, and keeps every wait within the call's deadline on the injected clock.
async function attemptUntilDone(
  call: PreparedCall,
  options: ResolvedApiCallOptions,
  nonces: DpopNonces,
  scope: CallScope,
  fields: () => CallFields,
  setPhase: (phase: Phase, attempts?: number) => void,
): Promise<Response> {
  // One try in the loop's own frame rather than a .catch: no promise of its own per call.
  try {
    // The waits and token look-ups are module functions, not closures: closures here would give
    // every call a context for the variables they share, and functions used only on a retry.
    const { clock, logger, retry } = options;
    // The events of every call, for a logger that records them: `log?.info(…)` skips building them.
    const log = logger === noopLogger ? undefined : logger;
    const retryable = retry.methods.includes(call.method);
    // Off Node, the digest an email-shaped human id is logged as (core's humanIdForLogging), made
    // with Web Crypto before the first line; on Node nothing to wait for.
    const preparing = prepareHumanIdForLogging(callHuman(call.identity));
    if (preparing !== undefined) await preparing;
    // A fixed token needs no wait: one suspension less per call.
    let token = call.tokens.fixed ?? (await tokenFor(call, scope, false));
    log?.info('api_call_start', {
      ...fields(),
      has_act_assertion: token.actAssertion !== undefined,
    });
    if (token.actAssertion !== undefined) log?.debug('entraid_header_added', fields());
    let renewed = false;
    let nonceRetried = false;
    // The origin is read only for DPoP: computing it builds strings on every call.
    const origin = call.dpopProof === undefined ? '' : call.url.origin;
    let dpopNonce = call.dpopProof === undefined ? undefined : nonces.get(origin);
    let retries = 0;
    for (let attempt = 1; ; attempt++) {
      setPhase('request', attempt);
      const result = await tracedAttempt({ call, options, token, attempt, dpopNonce, scope });
      const mayRetry = retryable && retries < retry.limit;
      if ('failure' in result) {
        const delay = withinDeadline(
          scope,
          mayRetry && (result.failure === 'timeout' || result.failure === 'network')
            ? backoffDelay(retry, retries + 1, options.random)
            : undefined,
        );
        if (delay !== undefined) {
          token = await waitToRetry({
            call,
            options,
            scope,
            fields,
            setPhase,
            attempt,
            delayMs: delay,
            reason: failureFields(result, failureCode(result)),
          });
          retries++;
          continue;
        }
        throw failureError(result, call, options, scope, attempt, fields());
      }
      const { response } = result;
      const canProve = call.dpopProof !== undefined && result.credentialsSent;
      // RFC 9449 §8.2, §9: the latest nonce the API gave goes in every later proof, of this call
      // and the next ones (with credentials sent, the answer came from the call's origin).
      if (canProve) dpopNonce = nonces.remember(origin, response);
      const remedy = result.credentialsSent
        ? challengeRemedy(response, token.tokenType, canProve)
        : undefined;
      if (remedy === 'nonce' && !nonceRetried) {
        nonceRetried = true;
        discardResponse(response);
        logger.info('api_call_dpop_nonce', { ...fields(), attempt });
        continue;
      }
      if (remedy === 'renew' && !renewed && call.tokens.renewable) {
        renewed = true;
        discardResponse(response);
        logger.info('api_call_token_renewal', { ...fields(), attempt });
        setPhase('token');
        token = await tokenFor(call, scope, true);
        continue;
      }
      // RFC 6750 §3.1: the request itself is malformed; the same request fails the same way.
      const malformed =
        result.credentialsSent &&
        (isInvalidRequestChallenge(response) || isInvalidRequestChallenge(response, 'DPoP'));
      const askedWaitMs =
        response.status >= 400
          ? requestedWaitMs(response.headers, clock.now(), retry.rateLimitField)
          : undefined;
      const delay = withinDeadline(
        scope,
        mayRetry && !malformed && retry.statusCodes.includes(response.status)
          ? statusRetryDelay(askedWaitMs, retries + 1, options)
          : undefined,
      );
      if (delay !== undefined) {
        discardResponse(response);
        token = await waitToRetry({
          call,
          options,
          scope,
          fields,
          setPhase,
          attempt,
          delayMs: delay,
          reason: { status_code: response.status },
        });
        retries++;
        continue;
      }
      setPhase('body');
      if (response.status < 400 || !call.throwHttpErrors) {
        log?.info('api_call_complete', {
          ...fields(),
          status_code: response.status,
          attempts: attempt,
          duration_ms: scope.elapsedMs(),
        });
        auditApiAnswer(logger, clock, call, token, response.status);
        return boundedResponse(response, scope, call, options.maxResponseBytes);
      }
      logger.error('api_call_error', {
        ...fields(),
        status_code: response.status,
        attempts: attempt,
      });
      auditApiAnswer(logger, clock, call, token, response.status);
      throw new ApiCallError({
        message: `API call failed: ${call.method} ${fields().api_url} answered HTTP ${response.status} after ${attempt} attempt(s)${challengeErrorText(response, sentCredentials(token, call, result.dpopProof), token.tokenType, peopleOfCall(call))}${malformed ? `; ${INVALID_REQUEST_ADVICE}` : ''}${askedWaitMs === undefined ? '' : `; it asked to wait ${askedWaitMs} ms`}`,
        method: call.method,
        url: fields().api_url,
        status: response.status,
        attempts: attempt,
        reason: 'status',
        ...(askedWaitMs === undefined ? {} : { retryAfterMs: askedWaitMs }),
        response: boundedResponse(response, scope, call, options.maxResponseBytes),
      });
    }
  } catch (error) {
    // An HTTP error's response has its body bounded by the deadline, like an answer's.
    if (!ApiCallError.isInstance(error) || error.response === undefined) scope.end();
    throw error;
  }
}

/** The call's token: the current one, or a renewed one; a provider's wait is held to the deadline. */
function tokenFor(call: PreparedCall, scope: CallScope, renew: boolean): Promise<DualSubjectToken> {
  const pending = renew ? call.tokens.renew(call.signal) : call.tokens.current(call.signal);
  return call.tokens.renewable ? scope.within(pending) : pending;
}

/** `delay` when waiting it still ends before the deadline, else undefined (no retry). */
function withinDeadline(scope: CallScope, delay: number | undefined): number | undefined {
  return delay !== undefined && delay < scope.remainingMs() ? delay : undefined;
}

/** One retry of a call: what {@link waitToRetry} needs (made only when a call retries). */
interface RetryWait {
  readonly call: PreparedCall;
  readonly options: ResolvedApiCallOptions;
  readonly scope: CallScope;
  readonly fields: () => CallFields;
  readonly setPhase: (phase: Phase) => void;
  /** The attempt that failed. */
  readonly attempt: number;
  readonly delayMs: number;
  /** Why, as the retry event logs it (`failure` or `status_code`). */
  readonly reason: LogFields;
}

/**
 * Logs a retry, sleeps its delay (phase `wait`) within the call's deadline (an injected `sleep`
 * that never settles does not hold the call past it), then gets the token for the next attempt.
 */
async function waitToRetry(wait: RetryWait): Promise<DualSubjectToken> {
  const { call, options, scope, fields, setPhase, attempt, delayMs, reason } = wait;
  options.logger.warn('api_call_retry', { ...fields(), ...reason, attempt, delay_ms: delayMs });
  setPhase('wait');
  await scope.within(options.sleep(delayMs, call.signal));
  setPhase('token');
  return tokenFor(call, scope, false);
}

/** What an API could quote back in its refusal and must never reach a message. */
function sentCredentials(
  token: DualSubjectToken,
  call: PreparedCall,
  dpopProof: string | undefined,
): string[] {
  const sent = [token.accessToken, token.actAssertion, dpopProof];
  for (const name of CALLER_CREDENTIAL_HEADERS) sent.push(call.headers[name]);
  return sent.filter((value): value is string => value !== undefined && value !== '');
}

/** Whom the call names besides its credentials: the human's id, which an API's words may echo. */
function peopleOfCall(call: PreparedCall): string[] {
  const { humanId } = call.identity;
  return humanId === undefined ? [] : [humanId];
}

/** The wait the server asked for when it is within the cap (else no retry), or the backoff. */
function statusRetryDelay(
  askedWaitMs: number | undefined,
  retry: number,
  options: ResolvedApiCallOptions,
): number | undefined {
  if (askedWaitMs === undefined) return backoffDelay(options.retry, retry, options.random);
  return askedWaitMs <= options.retry.maxRetryAfterMs ? askedWaitMs : undefined;
}

function failureError(
  result: Failure,
  call: PreparedCall,
  options: ResolvedApiCallOptions,
  scope: CallScope,
  attempts: number,
  fields: CallFields,
): ApiCallError {
  if (result.failure === 'deadline') return scope.expire();
  const tls = result.failure === 'tls' ? tlsTrustFailure(result.cause) : undefined;
  const connect = result.failure === 'timeout' ? connectTimeoutCode(result.cause) : undefined;
  // Deno without --allow-net for the API's host throws before connecting, not as a TypeError; for
  // a host a redirect named (the API's choice), it says so rather than advise to allow it.
  const refused =
    result.failure === 'error' ? permissionRefusal(result.cause, call.url) : undefined;
  const code = failureCode(result);
  const reasons = {
    timeout:
      connect === undefined
        ? `timed out: no answer within ${options.timeoutMs} ms`
        : `timed out: the host did not accept the connection in time (${connect})`,
    network: `network error (${code})`,
    tls: 'network error',
    encoding: 'answered with a body it could not decode',
    error: refused ? 'refused' : 'unexpected error',
  } as const;
  const detail =
    refused !== undefined
      ? `: ${refused.advice}`
      : tls !== undefined
        ? `: TLS certificate check failed (${tls.code}): ${tls.advice}`
        : connect !== undefined
          ? ': check that the API is up and not overloaded, and that a firewall lets this machine reach it'
          : result.failure === 'timeout'
            ? ': check that the API is up, or raise timeoutMs if it answers this slowly'
            : code !== undefined
              ? ': check that the API is up and serves HTTPS there, and that the URL names its host and port'
              : result.failure === 'encoding'
                ? ': more Content-Encodings than a client decodes (at most 5); retrying will not help: the API must send its body with fewer encodings (or ask it for none with Accept-Encoding: identity)'
                : '';
  const event = {
    timeout: 'api_call_timeout',
    network: 'api_call_error',
    tls: 'api_call_ssl_error',
    encoding: 'api_call_error',
    error: 'api_call_error',
  } as const;
  const timedOut = result.failure === 'timeout';
  options.logger[timedOut ? 'warn' : 'error'](event[result.failure], {
    ...fields,
    ...failureFields(result, code),
    attempts,
    ...(tls === undefined ? {} : { tls_code: tls.code }),
  });
  return new ApiCallError({
    message: `API call failed: ${call.method} ${fields.api_url} ${reasons[result.failure]} after ${attempts} attempt(s)${detail}`,
    method: call.method,
    url: fields.api_url,
    attempts,
    reason: result.failure,
    // A runtime may quote the URL, its userinfo and query with it, in its error's message.
    cause: result.cause === undefined ? undefined : safeFetchCause(result.cause),
  });
}

/**
 * The runtime's code of a connection that failed (`ECONNREFUSED`, `ENOTFOUND`…: core's
 * `fetchFailureCode`, as a token request's lines and error name it), so that a stopped API is told
 * from a wrong host or port; undefined for a failure other than `network`.
 */
function failureCode(result: Failure): string | undefined {
  return result.failure === 'network' ? fetchFailureCode(result.cause) : undefined;
}

/** A failure as `api_call_retry` and `api_call_error` log it: `failure`, and its code as `error_type`. */
function failureFields(result: Failure, code: string | undefined): LogFields {
  return code === undefined
    ? { failure: result.failure }
    : { failure: result.failure, error_type: code };
}
