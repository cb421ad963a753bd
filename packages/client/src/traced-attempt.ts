import { httpClientAttributes, withSpan } from '@dual-auth/core';
import { type AttemptContext, type AttemptResult, runAttempt } from './run-attempt.js';

/**
 * One attempt inside an HTTP client span (OTel semantic conventions: named by the method, with
 * `http.request.method`, `server.address`, `server.port`, `url.full` without query,
 * `http.request.resend_count`, `http.response.status_code`, `error.type` = the status from 400 on
 * or why no answer came), plus the agent and human ids.
 */
export function tracedAttempt(context: AttemptContext): Promise<AttemptResult> {
  const { call, attempt } = context;
  const attributes = {
    ...httpClientAttributes(call.method, call.url, attempt),
    'dual_auth.agent.id': call.identity.agentId,
    'dual_auth.human.id': call.identity.humanId,
  };
  return withSpan(call.method, { kind: 'client', attributes }, async (span) => {
    const result = await runAttempt(context);
    if ('failure' in result) {
      span.fail(result.failure);
    } else {
      span.setAttributes({ 'http.response.status_code': result.response.status });
      if (result.response.status >= 400) span.fail(String(result.response.status));
    }
    return result;
  });
}
