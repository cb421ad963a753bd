import { ApiCallError, type Clock } from '@dual-auth/core';
import { startHttpsServer, type TestHttpsServer } from '@dual-auth/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { vendorTokens } from '../test/demo-api.js';
import { InSessionApiCall } from './in-session-api-call.js';

const HOUR_MS = 3_600_000;

/** A wall clock without a timer of its own, as `Date.now()`, that a test can step back (NTP). */
function steppableClock(start = Date.parse('2026-12-05T12:00:00Z')) {
  let offset = 0;
  const clock: Clock = { now: () => start + Date.now() + offset };
  return { clock, stepBack: (ms: number) => (offset -= ms) };
}

describe('a wall clock stepped back does not extend a wait', () => {
  const servers: TestHttpsServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });

  it('callApi: a request the API never answers times out although the clock stepped back an hour', async () => {
    const { clock, stepBack } = steppableClock();
    // The API takes the request and never answers; the clock is stepped back as it arrives.
    const server = await startHttpsServer(() => {
      stepBack(HOUR_MS);
    });
    servers.push(server);
    const call = new InSessionApiCall({
      fetch: server.fetch,
      clock,
      timeoutMs: 500,
      totalTimeoutMs: 1_000,
      retry: false,
    });
    const error = await call
      .callApi({ apiUrl: server.url, tokenResponse: vendorTokens.okta, method: 'POST' })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    // Before: the call waited for the clock to catch up again, an hour.
    expect(ApiCallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ reason: 'timeout', attempts: 1 });
  }, 30_000);

  it('callApi: the total deadline passes although the clock stepped back during a retry wait', async () => {
    const { clock, stepBack } = steppableClock();
    let requests = 0;
    const server = await startHttpsServer((_req, res) => {
      requests++;
      if (requests === 1) stepBack(HOUR_MS);
      res.writeHead(503).end();
    });
    servers.push(server);
    const call = new InSessionApiCall({
      fetch: server.fetch,
      clock,
      timeoutMs: 500,
      totalTimeoutMs: 1_500,
      retry: { limit: 10, baseDelayMs: 400, maxDelayMs: 400 },
    });
    const error = await call.callApi({ apiUrl: server.url, tokenResponse: vendorTokens.okta }).then(
      () => undefined,
      (e: unknown) => e,
    );
    // 10 waits of 200 to 400 ms do not fit in 1.5 s. Before: the hour the clock was set back
    // was added to the deadline, and all 11 attempts were made.
    expect(ApiCallError.isInstance(error)).toBe(true);
    expect((error as ApiCallError).attempts).toBeLessThan(11);
    expect(requests).toBeLessThan(11);
  }, 30_000);
});
