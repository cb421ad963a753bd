import { describe, expect, it } from 'vitest';
import { hungIntrospection } from '../test/support/hung-introspection.js';
import { idpJwksPerSuite } from '../test/support/idp-jwks-per-suite.js';
import type { JwksServer } from '../test/support/token-kit.js';
import { scenarioGuardOptions } from '../test/support/vendor-scenario.js';
import { createDualAuthGuard } from './dual-auth-guard.js';

// Upgrade review (wave9/upg9): GuardInput.signal has no TSDoc; an app (Koa, NestJS, a custom
// server) may give guard.check its own deadline for the check, as fetch takes one. Before int14,
// a deadline that fired while the opaque token was introspected gave 503 with Retry-After (the
// client, still connected, retries); now any abort is taken for "the client went away": 499,
// no Retry-After, audited status null, and the app sends that 499 to a client that is still there.
// FAILS on int14. (The IdP's hang is the existing fetch-boundary stand-in, hungIntrospection.)
let jwks: JwksServer;
idpJwksPerSuite((started) => ({ jwks } = started));

describe('upgrade: a deadline signal given to guard.check fires during introspection', () => {
  it('answers 503 with Retry-After, as before, when the reason is a timeout', async () => {
    const { introspection, asked } = hungIntrospection();
    const guard = createDualAuthGuard({
      ...scenarioGuardOptions('okta', { jwks, appPem: '', onDecision: () => {} }),
      introspection,
    });
    const deadline = new AbortController();
    const pending = guard.check({
      authorization: 'Bearer opaque-token-of-a-client-still-waiting',
      actAssertion: undefined,
      method: 'GET',
      route: '/api/accounts/:id',
      signal: deadline.signal,
    });
    await asked();
    deadline.abort(new DOMException('The check took too long', 'TimeoutError'));
    const decision = await pending;
    expect(decision).toMatchObject({ decision: 'DENY', status: 503 });
    expect(decision.decision === 'DENY' ? decision.headers : {}).toHaveProperty('retry-after');
  });
});
