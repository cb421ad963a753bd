import { ApiCallError, type LogFields } from '@dual-auth/core';
import { retryAfterMs } from '@dual-auth/core/adapter-kit';
import type { ResolvedApiCallOptions } from './api-call-options.js';
import { discardResponse } from './discard-response.js';
import { isInvalidTokenChallenge } from './invalid-token-challenge.js';
import { loggedUrl } from './logged-url.js';
import type { PreparedCall } from './prepare-call.js';
import { backoffDelay } from './retry-policy.js';
import { type AttemptResult, runAttempt } from './run-attempt.js';

type Failure = Extract<AttemptResult, { failure: unknown }>;

/**
 * Runs a prepared call to its end: attempts, one token renewal after a 401 `invalid_token`,
 * retries with backoff or `Retry-After` within the total timeout, then the answer or an
 * {@link ApiCallError}.
 */
export async function executeCall(
  call: PreparedCall,
  options: ResolvedApiCallOptions,
): Promise<Response> {
  const { clock, logger, retry, sleep } = options;
  const startedAt = clock.now();
  const deadlineAt = startedAt + options.totalTimeout;
  const fields: LogFields = {
    method: call.method,
    api_url: loggedUrl(call.url),
    agent_id: call.identity.agentId,
    human_id: call.identity.humanId,
  };
  const retryable = retry.methods.includes(call.method);
  let token = await call.tokens.current(call.signal);
  logger.info('api_call_start', { ...fields, has_act_assertion: token.actAssertion !== undefined });
  let renewed = false;
  let retries = 0;
  const withinDeadline = (delay: number | undefined) =>
    delay !== undefined && clock.now() + delay < deadlineAt ? delay : undefined;
  const waitToRetry = async (attempt: number, delay: number, reason: LogFields) => {
    logger.warn('api_call_retry', { ...fields, ...reason, attempt, delay_ms: delay });
    await sleep(delay, call.signal);
    retries++;
    token = await call.tokens.current(call.signal);
  };
  for (let attempt = 1; ; attempt++) {
    const result = await runAttempt({ call, options, token, attempt, deadlineAt });
    const mayRetry = retryable && retries < retry.limit;
    if ('failure' in result) {
      const delay = withinDeadline(
        mayRetry && (result.failure === 'timeout' || result.failure === 'network')
          ? backoffDelay(retry, retries + 1, options.random)
          : undefined,
      );
      if (delay !== undefined) {
        await waitToRetry(attempt, delay, { failure: result.failure });
        continue;
      }
      throw failureError(result, call, options, attempt, fields);
    }
    const { response } = result;
    if (
      !renewed &&
      result.credentialsSent &&
      call.tokens.renewable &&
      isInvalidTokenChallenge(response)
    ) {
      renewed = true;
      discardResponse(response);
      logger.info('api_call_token_renewal', { ...fields, attempt });
      token = await call.tokens.renew(call.signal);
      continue;
    }
    const delay = withinDeadline(
      mayRetry && retry.statusCodes.includes(response.status)
        ? statusRetryDelay(response, retries + 1, options)
        : undefined,
    );
    if (delay !== undefined) {
      discardResponse(response);
      await waitToRetry(attempt, delay, { status_code: response.status });
      continue;
    }
    const done = { ...fields, status_code: response.status, attempts: attempt };
    if (response.status < 400 || !call.throwHttpErrors) {
      logger.info('api_call_complete', { ...done, duration_ms: clock.now() - startedAt });
      return response;
    }
    logger.error('api_call_error', done);
    throw new ApiCallError({
      message: `API call failed: ${call.method} ${fields.api_url} answered HTTP ${response.status} after ${attempt} attempt(s)`,
      method: call.method,
      url: loggedUrl(call.url),
      status: response.status,
      attempts: attempt,
      response,
    });
  }
}

/** `Retry-After` when the server sent one (and it is within the cap), else the backoff. */
function statusRetryDelay(
  response: Response,
  retry: number,
  options: ResolvedApiCallOptions,
): number | undefined {
  const after = retryAfterMs(response.headers.get('retry-after'), options.clock.now());
  if (after === undefined) return backoffDelay(options.retry, retry, options.random);
  return after <= options.retry.maxRetryAfter ? after : undefined;
}

function failureError(
  result: Failure,
  call: PreparedCall,
  options: ResolvedApiCallOptions,
  attempts: number,
  fields: LogFields,
): ApiCallError {
  const reasons = {
    deadline: `exceeded its total timeout of ${options.totalTimeout} ms`,
    timeout: `timed out: no answer within ${options.timeout} ms`,
    network: 'network error',
    error: 'unexpected error',
  } as const;
  const timedOut = result.failure === 'deadline' || result.failure === 'timeout';
  options.logger[timedOut ? 'warn' : 'error'](timedOut ? 'api_call_timeout' : 'api_call_error', {
    ...fields,
    failure: result.failure,
    attempts,
  });
  return new ApiCallError({
    message: `API call failed: ${call.method} ${fields.api_url} ${reasons[result.failure]} after ${attempts} attempt(s)`,
    method: call.method,
    url: loggedUrl(call.url),
    attempts,
    cause: result.cause,
  });
}
