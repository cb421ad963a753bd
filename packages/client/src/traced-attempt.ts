import { humanIdForLogging, telemetryIdle, withHttpClientSpan } from '@dual-auth/core';
import { callHuman } from './call-human.js';
import { callUrlForLogging } from './call-route.js';
import { type AttemptContext, type AttemptResult, runAttempt } from './run-attempt.js';

/**
 * One attempt inside an HTTP client span and timed in `http.client.request.duration` (OTel
 * semantic conventions: the span named by the method, with `http.request.method`,
 * `server.address`, `server.port`, `url.full` without query and with a path segment that is the
 * human's id `:redacted` (as the call's log lines), `http.request.resend_count`,
 * `http.response.status_code`, `error.type` = the status from 400 on or why no answer came, plus
 * the agent and human ids; the metric without `url.full` and the ids), by the options' clock.
 */
export function tracedAttempt(context: AttemptContext): Promise<AttemptResult> {
  // Nothing would keep the span: none of its closures and records are built, on every call.
  if (telemetryIdle()) return runAttempt(context);
  const { call, attempt, options } = context;
  return withHttpClientSpan(
    {
      method: call.method,
      url: call.url,
      attempt,
      clock: options.clock,
      // Built only for a span something records: the human's id may be a SHA-256 digest.
      attributes: () => ({
        // As the call's log lines and errors write it: a segment that is the human's id blanked.
        'url.full': callUrlForLogging(call),
        'dual_auth.agent.id': call.identity.agentId,
        'dual_auth.human.id': humanIdForLogging(callHuman(call.identity)),
      }),
    },
    () => runAttempt(context),
    outcomeOf,
  );
}

/** The outcome of an attempt for its span and metric record: the answer's status, or why none came. */
function outcomeOf(result: AttemptResult): number | string {
  return 'failure' in result ? result.failure : result.response.status;
}
