import type { Clock } from '@dual-auth/core';
import { startHttpsServer } from '@dual-auth/testing';
import { expect, it } from 'vitest';
import { vendorTokens } from '../test/demo-api.js';
import { InSessionApiCall } from './in-session-api-call.js';

// Session 37 (wave37/review2): the call's deadline moved onto core's exported ClockTimer, whose
// `at` had to be >= 0: every callApi on a clock reading below 0 (a test clock counting from before
// 1970) failed with "TypeError: at must be a finite number >= 0", an argument the caller never
// gave, where it had answered before.
it('callApi on a clock that reads below 0 answers as on any clock', async () => {
  const server = await startHttpsServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
  });
  try {
    const start = Date.now();
    const clock: Clock = { now: () => Date.now() - start - 3_600_000 };
    const call = new InSessionApiCall({ fetch: server.fetch, clock, retry: false });
    const response = await call.callApi({ apiUrl: server.url, tokenResponse: vendorTokens.okta });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('ok');
  } finally {
    await server.close();
  }
}, 30_000);
