import type { ServerResponse } from 'node:http';
import { ApiCallError } from '@dual-auth/core';
import { startHttpsServer, type TestHttpsServer } from '@dual-auth/testing';
import { afterEach, expect, it } from 'vitest';
import { vendorTokens } from '../test/demo-api.js';
import { InSessionApiCall } from './in-session-api-call.js';

const servers: TestHttpsServer[] = [];
const held: ServerResponse[] = [];
afterEach(async () => {
  for (const res of held.splice(0)) res.destroy();
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** A real API on loopback TLS that takes every request and never answers it. */
async function silentApi(): Promise<TestHttpsServer> {
  const server = await startHttpsServer((_req, res: ServerResponse) => {
    held.push(res);
  });
  servers.push(server);
  return server;
}

/** How `pending` has ended after `ms` of real time: undefined while it has not settled. */
async function outcomeWithin(pending: Promise<unknown>, ms: number) {
  let outcome: { error: unknown } | { value: unknown } | undefined;
  pending.then(
    (value) => {
      outcome = { value };
    },
    (error: unknown) => {
      outcome = { error };
    },
  );
  const end = Date.now() + ms;
  while (outcome === undefined && Date.now() < end) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return outcome;
}

// Session 38 (wave38/backstop): the client's timeoutMs and totalTimeoutMs were measured on the
// injected clock alone, so a clock without setTimer whose now() never moved made a call to an API
// that never answered wait for ever: no error, no log, the request left open.
it('a call on a clock that stands still (no setTimer) ends with an ApiCallError saying so', async () => {
  const server = await silentApi();
  const fixed = Date.parse('2026-01-01T00:00:00Z');
  const call = new InSessionApiCall({
    fetch: server.fetch,
    clock: { now: () => fixed },
    timeoutMs: 100,
    totalTimeoutMs: 200,
    retry: false,
  });
  const outcome = await outcomeWithin(
    call.callApi({ apiUrl: server.url, tokenResponse: vendorTokens.okta }),
    25_000,
  );
  expect(outcome).toBeDefined();
  const error = (outcome as { error: unknown }).error;
  expect(ApiCallError.isInstance(error)).toBe(true);
  expect(error).toMatchObject({ reason: 'deadline', attempts: 1 });
  expect((error as Error).message).toMatch(
    /the injected clock did not move .*give the clock a setTimer, or let its now\(\) advance/,
  );
}, 30_000);
