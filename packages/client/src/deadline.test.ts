import type { ServerResponse } from 'node:http';
import { inspect } from 'node:util';
import { ApiCallError } from '@dual-auth/core';
import { startHttpsServer, type TestHttpsServer } from '@dual-auth/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeTime, token, vendorTokens } from '../test/demo-api.js';
import { useDemoApis } from '../test/use-demo-apis.js';
import { InSessionApiCall } from './in-session-api-call.js';

const api = useDemoApis();
const servers: TestHttpsServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** A real API on loopback that sends its headers at once, then one byte every 200 ms for 8 s. */
async function tricklingApi(): Promise<TestHttpsServer> {
  const server = await startHttpsServer((_req, res: ServerResponse) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.write('x');
    let sent = 1;
    const timer = setInterval(() => {
      if (res.destroyed || sent >= 40) {
        clearInterval(timer);
        res.end();
        return;
      }
      res.write('x');
      sent++;
    }, 200);
    res.on('close', () => clearInterval(timer));
  });
  servers.push(server);
  return server;
}

/**
 * A clock that stands still until `run()`, then follows real time: a deadline measured on it
 * counts from `run()`, so a slow machine cannot spend it before the answer comes.
 */
function clockFromNow() {
  const base = Date.parse('2025-01-01T00:00:00Z');
  let since: number | undefined;
  return {
    clock: { now: () => (since === undefined ? base : base + performance.now() - since) },
    run: () => {
      since = performance.now();
    },
  };
}

const apiCallErrorOf = async (pending: Promise<unknown>): Promise<ApiCallError> => {
  const error = await pending.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(ApiCallError.isInstance(error)).toBe(true);
  return error as ApiCallError;
};

describe('the total deadline bounds the whole call', () => {
  it('covers reading the body: a body trickling for 8 s fails at the 2 s deadline', async () => {
    const server = await tricklingApi();
    const time = clockFromNow();
    const call = new InSessionApiCall({
      fetch: server.fetch,
      clock: time.clock,
      totalTimeoutMs: 2000,
    });
    const response = await call.callApi({ apiUrl: server.url, tokenResponse: vendorTokens.okta });
    expect(response.status).toBe(200);
    // The 2 s start now, while the server still has about 8 s of body to send.
    time.run();
    const error = await apiCallErrorOf(response.text());
    expect(error).toMatchObject({ reason: 'deadline', attempts: 1, status: undefined });
    expect(error.message).toContain(
      'exceeded its total timeout of 2000 ms reading the response body after 1 attempt(s)',
    );
    expect(inspect(error)).not.toContain('okta.access.token');
  });

  it('covers the token provider: one that never answers fails at the deadline', async () => {
    const server = await api();
    const call = new InSessionApiCall({ fetch: server.fetch, totalTimeoutMs: 300 });
    const error = await apiCallErrorOf(
      call.callApi({
        apiUrl: server.url,
        tokenProvider: { getToken: () => new Promise(() => undefined) },
      }),
    );
    expect(error).toMatchObject({ reason: 'deadline', attempts: 0 });
    expect(error.message).toContain('300 ms waiting for the token provider');
    expect(server.requests).toHaveLength(0);
  });

  it('covers the renewal after a 401 invalid_token', async () => {
    const server = await api(() => ({
      status: 401,
      headers: { 'www-authenticate': 'Bearer error="invalid_token"' },
    }));
    let calls = 0;
    const time = clockFromNow();
    const call = new InSessionApiCall({
      fetch: server.fetch,
      clock: time.clock,
      totalTimeoutMs: 300,
    });
    const error = await apiCallErrorOf(
      call.callApi({
        apiUrl: server.url,
        tokenProvider: {
          getToken: async ({ forceRefresh }) => {
            calls++;
            if (!forceRefresh) return token({ accessToken: 't-1' });
            time.run();
            return new Promise(() => undefined);
          },
        },
      }),
    );
    expect(error).toMatchObject({ reason: 'deadline', attempts: 1 });
    expect(calls).toBe(2);
  });

  it('rejects with the caller reason when the caller aborts while the provider hangs', async () => {
    const controller = new AbortController();
    const call = new InSessionApiCall();
    const pending = call.callApi({
      apiUrl: 'https://api.example.com',
      signal: controller.signal,
      tokenProvider: { getToken: () => new Promise(() => undefined) },
    });
    controller.abort(new Error('user left'));
    await expect(pending).rejects.toThrow('user left');
  });

  it('measures the deadline on the injected clock, so a slow machine does not trip it', async () => {
    // The API takes 300 ms of real time; the injected clock does not move meanwhile, so the
    // 100 ms deadline has not passed by that clock when the answer comes.
    const server = await startHttpsServer((_req, res) => {
      setTimeout(() => res.end('{}'), 300);
    });
    servers.push(server);
    const time = fakeTime();
    const call = new InSessionApiCall({
      fetch: server.fetch,
      ...time.options,
      totalTimeoutMs: 100,
    });
    const response = await call.callApi({ apiUrl: server.url, tokenResponse: vendorTokens.okta });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('{}');
  });

  it('returns the answer with its status, headers, url and a body read in time', async () => {
    const server = await api((request) =>
      request.path === '/old'
        ? { status: 302, headers: { location: '/new' } }
        : { status: 201, headers: { 'x-request-id': 'r-1' }, body: '{"balance":42}' },
    );
    const call = new InSessionApiCall({ fetch: server.fetch });
    const response = await call.callApi({
      apiUrl: `${server.url}/old`,
      tokenResponse: vendorTokens.okta,
    });
    expect(response).toMatchObject({ status: 201, ok: true, url: `${server.url}/new` });
    expect(response.headers.get('x-request-id')).toBe('r-1');
    expect(await response.json()).toEqual({ balance: 42 });
  });

  it.each([
    ['text()', (response: Response) => response.text()],
    ['json()', (response: Response) => response.json()],
    ['arrayBuffer()', (response: Response) => response.arrayBuffer()],
  ])('ends the deadline once the body is read with %s', async (_, read) => {
    const server = await api();
    const time = fakeTime();
    let looks = 0;
    const clock = {
      now: () => {
        looks++;
        return time.clock.now();
      },
    };
    const call = new InSessionApiCall({ fetch: server.fetch, clock, totalTimeoutMs: 200 });
    const response = await call.callApi({ apiUrl: server.url, tokenResponse: vendorTokens.okta });
    await read(response);
    const before = looks;
    // Past the deadline on the injected clock, and long enough for a live timer to run and look.
    time.advance(10_000);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(looks).toBe(before);
  });

  it('rejects a body read started after the deadline passed', async () => {
    const server = await tricklingApi();
    const time = clockFromNow();
    const call = new InSessionApiCall({
      fetch: server.fetch,
      clock: time.clock,
      totalTimeoutMs: 300,
    });
    const response = await call.callApi({ apiUrl: server.url, tokenResponse: vendorTokens.okta });
    time.run();
    await new Promise((resolve) => setTimeout(resolve, 600));
    const error = await apiCallErrorOf(response.text());
    expect(error).toMatchObject({ reason: 'deadline' });
    expect(error.message).toContain('reading the response body');
  });

  it('keeps the body stream bounded for a caller that reads it directly', async () => {
    const server = await tricklingApi();
    const time = clockFromNow();
    const call = new InSessionApiCall({
      fetch: server.fetch,
      clock: time.clock,
      totalTimeoutMs: 500,
    });
    const response = await call.callApi({ apiUrl: server.url, tokenResponse: vendorTokens.okta });
    time.run();
    const reader = response.body?.getReader();
    const error = await (async () => {
      for (;;) if ((await reader?.read())?.done !== false) return undefined;
    })().catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ApiCallError', reason: 'deadline' });
  });

  it('bounds the body of an HTTP error the same way', async () => {
    const server = await tricklingApi();
    const time = clockFromNow();
    const failing = new InSessionApiCall({
      clock: time.clock,
      fetch: async (input, init) => {
        const answer = await server.fetch(input, init);
        return new Response(answer.body, { status: 502, headers: answer.headers });
      },
      totalTimeoutMs: 500,
      retry: false,
    });
    const error = await apiCallErrorOf(
      failing.callApi({ apiUrl: server.url, tokenResponse: vendorTokens.okta }),
    );
    expect(error).toMatchObject({ status: 502, reason: 'status' });
    time.run();
    await expect(error.response?.text()).rejects.toMatchObject({ reason: 'deadline' });
  });
});
