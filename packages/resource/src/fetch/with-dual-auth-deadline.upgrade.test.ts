import type { DualAuthAuditEvent } from '@dual-auth/core';
import { describe, expect, it } from 'vitest';
import { hungIntrospection } from '../../test/support/hung-introspection.js';
import { idpJwksPerSuite } from '../../test/support/idp-jwks-per-suite.js';
import type { JwksServer } from '../../test/support/token-kit.js';
import { scenarioGuardOptions } from '../../test/support/vendor-scenario.js';
import { withDualAuth } from './index.js';

// Upgrade (review rev9): bbaec16 made the guard answer 503 with Retry-After to a deadline signal of
// the app's own (a TimeoutError: the client still waits), 499 only to an AbortError. Then 858480f
// wraps every fetch Request's signal in requestClosedSignal, which turns ANY abort into an
// AbortError. A fetch app that gives the guard a deadline the documented way, on the Request it
// hands withDualAuth (`new Request(request, { signal: AbortSignal.any([request.signal,
// AbortSignal.timeout(ms)]) })`), now answers its still-connected client 499 "The client closed
// the request", with no Retry-After, audited request_aborted with status null: an IdP outage is
// hidden from the access log, the spans and the client's retry logic.
describe('upgrade: withDualAuth, a Request whose signal is the app’s own deadline', () => {
  let jwks: JwksServer;
  idpJwksPerSuite((started) => ({ jwks } = started));

  it('answers 503 with Retry-After (introspection unavailable) when the deadline fires, not 499', async () => {
    const audits: DualAuthAuditEvent[] = [];
    const { introspection, asked } = hungIntrospection();
    const app = withDualAuth(() => new Response('never'), {
      ...scenarioGuardOptions('okta', {
        jwks,
        appPem: '',
        onDecision: (event) => void audits.push(event),
      }),
      introspection,
    });
    const deadline = new AbortController();
    const pending = app(
      new Request('https://api.example.com/api/accounts/42', {
        headers: { authorization: 'Bearer opaque-token-of-a-client-that-waits' },
        signal: deadline.signal,
      }),
    );
    await asked();
    // What AbortSignal.timeout(ms) aborts with, fired by hand (no timing in tests).
    deadline.abort(new DOMException('The operation timed out.', 'TimeoutError'));
    const response = await pending;
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('5');
    expect(audits.map((a) => a.status)).toEqual([503]);
  });
});
