import { ApiCallError } from '@dual-auth/core';
import { heldClock, startHttpsServer, type TestHttpsServer } from '@dual-auth/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { vendorTokens } from '../test/demo-api.js';
import { InSessionApiCall } from './in-session-api-call.js';

// Session 38: the retry wait was `await options.sleep(…)` outside the call's deadline scope, so an
// injected `sleep` that never settles (a test's fake timer nobody ticks, a scheduler's sleep that
// lost its wake-up) held the call past totalTimeoutMs for ever.
describe('an injected sleep that never settles', () => {
  const servers: TestHttpsServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });

  it('does not hold a retrying call past its totalTimeoutMs: it ends by the deadline, waiting to retry', async () => {
    let requests = 0;
    const server = await startHttpsServer((_req, res) => {
      requests++;
      res.writeHead(503).end();
    });
    servers.push(server);
    // The deadline passes only when the clock is moved: here, once the retry wait has begun.
    const clock = heldClock();
    const call = new InSessionApiCall({
      fetch: server.fetch,
      clock,
      timeoutMs: 1_000,
      totalTimeoutMs: 2_000,
      retry: { limit: 3, baseDelayMs: 100, maxDelayMs: 100 },
      sleep: () => {
        clock.advance(5_000);
        return new Promise<void>(() => undefined);
      },
    });
    const error = await call.callApi({ apiUrl: server.url, tokenResponse: vendorTokens.okta }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(ApiCallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ reason: 'deadline', attempts: 1 });
    expect((error as ApiCallError).message).toMatch(
      /exceeded its total timeout of 2000 ms waiting to retry after 1 attempt/,
    );
    expect(requests).toBe(1);
  }, 30_000);
});
