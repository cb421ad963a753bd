import { createServer, type Socket } from 'node:net';
import { inspect } from 'node:util';
import { ApiCallError } from '@dual-auth/core';
import { ietfRateLimitField } from '@dual-auth/core/adapter-kit';
import { createTestCa, createTrustingFetch } from '@dual-auth/testing';
import { describe, expect, it } from 'vitest';
import { closedPort } from '../test/closed-port.js';
import {
  fakeTime,
  type RecordedRequest,
  type Reply,
  recordingLogger,
  vendorTokens,
  zeroRandom,
} from '../test/demo-api.js';
import { useDemoApis } from '../test/use-demo-apis.js';
import { InSessionApiCall } from './in-session-api-call.js';

const api = useDemoApis();

const unavailable =
  (times: number, headers?: Record<string, string>) =>
  (_: RecordedRequest, index: number): Reply =>
    index < times ? { status: 503, ...(headers ? { headers } : {}) } : { status: 200 };

describe('retries', () => {
  it('retries a 503 with exponential backoff and jitter, then succeeds', async () => {
    const server = await api(unavailable(3));
    const time = fakeTime();
    const call = new InSessionApiCall({ fetch: server.fetch, ...time.options, random: zeroRandom });
    const response = await call.callApi({ apiUrl: server.url, tokenResponse: vendorTokens.okta });
    expect(response.status).toBe(200);
    expect(server.requests).toHaveLength(4);
    // Jitter at its lower bound is half of 1 s, 2 s, 4 s.
    expect(time.sleeps).toEqual([500, 1000, 2000]);
    expect(
      server.requests.every((r) => r.headers.authorization === 'Bearer okta.access.token'),
    ).toBe(true);
  });

  it('keeps each jittered backoff within [half, full] of its exponential step', async () => {
    const server = await api(unavailable(3));
    const time = fakeTime();
    const maxRandom = (size: number) => new Uint8Array(size).fill(255);
    const call = new InSessionApiCall({ fetch: server.fetch, ...time.options, random: maxRandom });
    await call.callApi({ apiUrl: server.url, tokenResponse: vendorTokens.okta });
    expect(time.sleeps).toEqual([1000, 2000, 4000]);
  });

  it('stops after the retry limit and throws the last status', async () => {
    const server = await api(() => ({ status: 502 }));
    const time = fakeTime();
    const call = new InSessionApiCall({
      fetch: server.fetch,
      ...time.options,
      retry: { limit: 2 },
    });
    const error = await call
      .callApi({ apiUrl: server.url, tokenResponse: vendorTokens.keycloak })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ApiCallError', status: 502, attempts: 3 });
    expect(server.requests).toHaveLength(3);
  });

  it('does not retry statuses outside the list (500, 404)', async () => {
    for (const status of [500, 404]) {
      const server = await api(() => ({ status }));
      const time = fakeTime();
      const call = new InSessionApiCall({ fetch: server.fetch, ...time.options });
      const error = await call
        .callApi({ apiUrl: server.url, tokenResponse: vendorTokens.keycloak })
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ status, attempts: 1 });
      expect(time.sleeps).toEqual([]);
    }
  });

  it('does not retry a POST by default, and does when POST is allowed', async () => {
    const server = await api(unavailable(1));
    const time = fakeTime();
    const strict = new InSessionApiCall({ fetch: server.fetch, ...time.options });
    const error = await strict
      .callApi({
        method: 'POST',
        apiUrl: server.url,
        tokenResponse: vendorTokens.auth0,
        json: { n: 1 },
      })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 503, attempts: 1, method: 'POST' });
    expect(server.requests).toHaveLength(1);

    const lenient = new InSessionApiCall({
      fetch: server.fetch,
      ...time.options,
      retry: { methods: ['GET', 'POST'] },
    });
    const response = await lenient.callApi({
      method: 'POST',
      apiUrl: server.url,
      tokenResponse: vendorTokens.auth0,
      json: { n: 2 },
    });
    expect(response.status).toBe(200);
    expect(server.requests.map((r) => r.body)).toEqual(['{"n":1}', '{"n":2}']);
  });

  it('honours Retry-After in seconds', async () => {
    const server = await api(unavailable(1, { 'retry-after': '7' }));
    const time = fakeTime();
    const call = new InSessionApiCall({ fetch: server.fetch, ...time.options });
    await call.callApi({ apiUrl: server.url, tokenResponse: vendorTokens.okta });
    expect(time.sleeps).toEqual([7000]);
  });

  // Session 39 (chaos): read on the injected clock, an agent 5 min slow took this 3 s wait for
  // 303 s, over the cap, and failed at once; a date is the API's clock, as its Date header is.
  it("honours Retry-After as an HTTP-date, counted from the answer's Date (an agent clock 5 min slow)", async () => {
    const time = fakeTime(Date.parse('2025-03-01T11:55:00Z'));
    const server = await api((_, index) =>
      index === 0
        ? {
            status: 429,
            headers: {
              date: 'Sat, 01 Mar 2025 12:00:00 GMT',
              'retry-after': 'Sat, 01 Mar 2025 12:00:03 GMT',
            },
          }
        : { status: 200 },
    );
    const call = new InSessionApiCall({ fetch: server.fetch, ...time.options });
    await call.callApi({ apiUrl: server.url, tokenResponse: vendorTokens.okta });
    expect(time.sleeps).toEqual([3000]);
  });

  it('gives up at once when Retry-After asks for more than the cap', async () => {
    const server = await api(unavailable(1, { 'retry-after': '120' }));
    const time = fakeTime();
    const call = new InSessionApiCall({
      fetch: server.fetch,
      ...time.options,
      retry: { maxRetryAfterMs: 60_000 },
    });
    const error = await call
      .callApi({ apiUrl: server.url, tokenResponse: vendorTokens.okta })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 503, attempts: 1 });
    expect(time.sleeps).toEqual([]);
  });

  it('stops retrying when the next wait would pass the total timeout', async () => {
    const server = await api(() => ({ status: 503 }));
    const time = fakeTime();
    const call = new InSessionApiCall({
      fetch: server.fetch,
      ...time.options,
      random: zeroRandom,
      totalTimeoutMs: 2000,
    });
    const error = await call
      .callApi({ apiUrl: server.url, tokenResponse: vendorTokens.okta })
      .catch((e: unknown) => e);
    // Waits 500 ms, then 1000 ms (1500 in all); a further 2000 ms would pass the deadline.
    expect(time.sleeps).toEqual([500, 1000]);
    expect(error).toMatchObject({ status: 503, attempts: 3 });
  });

  it('retries a refused connection for GET, then throws a network ApiCallError', async () => {
    const port = await closedPort();
    const time = fakeTime();
    const call = new InSessionApiCall({ ...time.options, retry: { limit: 2 } });
    const error = await call
      .callApi({ apiUrl: `https://127.0.0.1:${port}/api`, tokenResponse: vendorTokens.okta })
      .catch((e: unknown) => e);
    expect(ApiCallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      attempts: 3,
      status: undefined,
      url: `https://127.0.0.1:${port}/api`,
    });
    expect((error as Error).message).toContain('network error (ECONNREFUSED) after 3 attempt(s)');
    expect(time.sleeps).toHaveLength(2);
  });
  // Mend (Session 20, mend20): undici's connect timeout (an overloaded API) was a `network`
  // failure. A server that takes the TCP connection and never answers the TLS handshake, and
  // undici's connect timeout (which spans the handshake) set short: real.
  it('reports a connection the API did not accept in time as a timeout', async () => {
    const sockets = new Set<Socket>();
    const silent = createServer((socket) => void sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    const fetch = createTrustingFetch((await createTestCa()).caPem, { connectTimeoutMs: 200 });
    try {
      const call = new InSessionApiCall({ ...fakeTime().options, fetch, retry: false });
      const error = await call
        .callApi({ apiUrl: `https://127.0.0.1:${port}/api`, tokenResponse: vendorTokens.okta })
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ reason: 'timeout', attempts: 1, status: undefined });
      expect((error as Error).message).toBe(
        `API call failed: GET https://127.0.0.1:${port}/api timed out: the host did not accept the connection in time (UND_ERR_CONNECT_TIMEOUT) after 1 attempt(s): check that the API is up and not overloaded, and that a firewall lets this machine reach it`,
      );
    } finally {
      for (const socket of sockets) socket.destroy();
      await fetch.dispatcher.close();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  // Mend (Session 20, mend20): the cause was the runtime's error as it was, and a runtime quotes
  // the URL, its userinfo and query, in its message (Node the URL with userinfo it refuses).
  it('keeps no userinfo or query value of the URL in the cause of a network ApiCallError', async () => {
    const port = await closedPort();
    const password = 'pw-in-the-userinfo-42';
    // A fetch that puts a proxy's basic-auth in the URL, as some wrappers do.
    const withUserinfo: typeof fetch = (input, init) => {
      const url = new URL(input instanceof Request ? input.url : input);
      url.password = password;
      url.username = 'agent';
      return fetch(url, init);
    };
    const call = new InSessionApiCall({ ...fakeTime().options, fetch: withUserinfo, retry: false });
    const error = await call
      .callApi({
        apiUrl: `https://127.0.0.1:${port}/api?api_key=key-in-the-query-42`,
        tokenResponse: vendorTokens.okta,
      })
      .then(
        () => expect.unreachable('the call should have failed'),
        (e: unknown) => e as Error,
      );
    expect(String(error.cause)).toMatch(/^TypeError: Request cannot be constructed/);
    for (const shown of [JSON.stringify(error), String(error.cause), inspect(error.cause)]) {
      expect(shown).not.toContain(password);
      expect(shown).not.toContain('key-in-the-query-42');
    }
  });
});

describe('rate limits: the wait the API asks for', () => {
  const start = Date.parse('2025-01-01T00:00:00Z');
  // The API's clock is the agent's (its Date header says so): a reset second counts from it.
  const served = { date: new Date(start).toUTCString() };
  const rateLimited = (headers: Record<string, string>) => (_: RecordedRequest, index: number) =>
    index === 0 ? { status: 429, headers: { ...served, ...headers } } : { status: 200 };

  it.each([
    [
      "Okta's X-Rate-Limit-Reset (epoch seconds)",
      { 'x-rate-limit-reset': String(start / 1000 + 7) },
      7000,
    ],
    [
      "Auth0's X-RateLimit-Reset (epoch seconds)",
      { 'x-ratelimit-reset': String(start / 1000 + 4) },
      4000,
    ],
    ['the IETF RateLimit field', { ratelimit: '"default";r=0;t=5' }, 5000],
    ['the older RateLimit-Reset', { 'ratelimit-remaining': '0', 'ratelimit-reset': '3' }, 3000],
  ])('waits for %s without Retry-After', async (_, headers, wait) => {
    const server = await api(rateLimited(headers));
    const time = fakeTime(start);
    const call = new InSessionApiCall({
      fetch: server.fetch,
      ...time.options,
      random: zeroRandom,
      retry: { rateLimitField: ietfRateLimitField },
    });
    const response = await call.callApi({ apiUrl: server.url, tokenResponse: vendorTokens.okta });
    expect(response.status).toBe(200);
    expect(time.sleeps).toEqual([wait]);
  });

  it('gives up at once on a reset beyond the cap, and the error carries the wait', async () => {
    const server = await api(() => ({
      status: 429,
      headers: { ...served, 'x-rate-limit-reset': String(start / 1000 + 120) },
    }));
    const time = fakeTime(start);
    const call = new InSessionApiCall({ fetch: server.fetch, ...time.options });
    const error = await call
      .callApi({ apiUrl: server.url, tokenResponse: vendorTokens.okta })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      status: 429,
      attempts: 1,
      reason: 'status',
      retryAfterMs: 120_000,
    });
    expect((error as Error).message).toContain('it asked to wait 120000 ms');
    expect(time.sleeps).toEqual([]);
  });

  it('carries the wait of an answer whose status is not retried', async () => {
    const server = await api(() => ({ status: 429, headers: { ratelimit: '"default";r=0;t=30' } }));
    const call = new InSessionApiCall({
      fetch: server.fetch,
      retry: { statusCodes: [503], rateLimitField: ietfRateLimitField },
    });
    await expect(
      call.callApi({ apiUrl: server.url, tokenResponse: vendorTokens.okta }),
    ).rejects.toMatchObject({ status: 429, attempts: 1, retryAfterMs: 30_000 });
  });

  it('carries the wait of the last answer when retries run out or the deadline comes first', async () => {
    const server = await api(() => ({ status: 503, headers: { 'retry-after': '20' } }));
    const time = fakeTime(start);
    const outOfRetries = new InSessionApiCall({
      fetch: server.fetch,
      ...time.options,
      retry: { limit: 1 },
    });
    await expect(
      outOfRetries.callApi({ apiUrl: server.url, tokenResponse: vendorTokens.okta }),
    ).rejects.toMatchObject({ status: 503, attempts: 2, retryAfterMs: 20_000 });
    const beforeDeadline = new InSessionApiCall({
      fetch: server.fetch,
      ...time.options,
      totalTimeoutMs: 10_000,
    });
    await expect(
      beforeDeadline.callApi({ apiUrl: server.url, tokenResponse: vendorTokens.okta }),
    ).rejects.toMatchObject({ status: 503, attempts: 1, retryAfterMs: 20_000 });
    expect(time.sleeps).toEqual([20_000]);
  });
});

describe('timeouts and abort', () => {
  it('times out a request that gets no answer when timeoutMs has passed on the clock, not before', async () => {
    const server = await api(() => 'hang');
    const time = fakeTime();
    const call = new InSessionApiCall({
      fetch: server.fetch,
      ...time.options,
      timeoutMs: 150,
      retry: { limit: 0 },
    });
    const pending = settling(
      call.callApi({ apiUrl: server.url, tokenResponse: vendorTokens.okta }),
    );
    await until(() => server.requests.length === 1);
    // 1 ms short on the injected clock, while real time runs past the 150 ms.
    time.advance(149);
    await pause(400);
    expect(pending.settled).toBe(false);
    time.advance(1);
    const error = await pending.outcome;
    expect(error).toMatchObject({ name: 'ApiCallError', attempts: 1, status: undefined });
    expect((error as Error).message).toContain('timed out: no answer within 150 ms');
    expect((error as Error).message).toMatch(
      /after 1 attempt\(s\): check that the API is up, or raise timeoutMs if it answers this slowly$/,
    );
  });

  it('gives a request sent after a slow token provider its own timeout, counted from its start', async () => {
    const server = await api(() => 'hang');
    const time = fakeTime();
    let release: (() => void) | undefined;
    const tokenProvider = {
      getToken: () =>
        new Promise<typeof vendorTokens.okta>((resolve) => {
          release = () => resolve(vendorTokens.okta);
        }),
    };
    const call = new InSessionApiCall({
      fetch: server.fetch,
      clock: time.clock,
      timeoutMs: 150,
      // An hour: only the request's own timeout can end this call while the test runs.
      totalTimeoutMs: 3_600_000,
      retry: false,
    });
    const pending = settling(call.callApi({ apiUrl: server.url, tokenProvider }));
    // The provider takes longer than a request timeout: no request is in flight to time out.
    time.advance(400);
    await pause(400);
    expect(pending.settled).toBe(false);
    release?.();
    await until(() => server.requests.length === 1);
    time.advance(149);
    await pause(400);
    expect(pending.settled).toBe(false);
    time.advance(1);
    await until(() => pending.settled);
    const error = await pending.outcome;
    expect(error).toMatchObject({ name: 'ApiCallError', reason: 'timeout', attempts: 1 });
  });

  it('retries a timed-out GET, each attempt with its own timeout', async () => {
    const server = await api((_, index) => (index === 0 ? 'hang' : { status: 200 }));
    // The clock is the test's: a busy machine cannot make the answered attempt time out too.
    const time = fakeTime();
    const call = new InSessionApiCall({
      fetch: server.fetch,
      ...time.options,
      random: zeroRandom,
      timeoutMs: 150,
      retry: { baseDelayMs: 10 },
    });
    const pending = call.callApi({ apiUrl: server.url, tokenResponse: vendorTokens.okta });
    await until(() => server.requests.length === 1);
    time.advance(150);
    const response = await pending;
    expect(response.status).toBe(200);
    expect(server.requests).toHaveLength(2);
    expect(time.sleeps).toHaveLength(1);
  });

  it('ends a request at the total timeout even when the per-request timeout is longer', async () => {
    const server = await api(() => 'hang');
    const time = fakeTime();
    const call = new InSessionApiCall({
      fetch: server.fetch,
      clock: time.clock,
      timeoutMs: 10_000,
      totalTimeoutMs: 200,
    });
    const pending = settling(
      call.callApi({ apiUrl: server.url, tokenResponse: vendorTokens.okta }),
    );
    await until(() => server.requests.length === 1);
    time.advance(199);
    await pause(400);
    expect(pending.settled).toBe(false);
    time.advance(1);
    const error = await pending.outcome;
    expect(error).toMatchObject({ name: 'ApiCallError', reason: 'deadline', attempts: 1 });
    expect((error as Error).message).toContain('exceeded its total timeout of 200 ms');
  });

  it('aborts mid-backoff at once, with the signal reason', async () => {
    const server = await api(unavailable(5, { 'retry-after': '30' }));
    const controller = new AbortController();
    // A wait that never ends by itself, only by its signal.
    const waits: number[] = [];
    const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
      new Promise((_, reject) => {
        waits.push(ms);
        if (signal === undefined) reject(new Error('a wait the caller cannot abort'));
        signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
      });
    const logger = recordingLogger();
    // The retry event is logged right before the 30 s wait starts: abort during that wait.
    const abortOnRetry = {
      ...logger,
      warn: (event: string) => {
        if (event === 'api_call_retry') setTimeout(() => controller.abort(), 20);
      },
    };
    const call = new InSessionApiCall({
      fetch: server.fetch,
      sleep,
      logger: abortOnRetry,
    });
    const pending = call.callApi({
      apiUrl: server.url,
      tokenResponse: vendorTokens.okta,
      signal: controller.signal,
    });
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(waits).toEqual([30_000]);
    expect(server.requests).toHaveLength(1);
  });

  it('aborts a request in flight', async () => {
    const server = await api(() => 'hang');
    const controller = new AbortController();
    const call = new InSessionApiCall({ fetch: server.fetch });
    const pending = call.callApi({
      apiUrl: server.url,
      tokenResponse: vendorTokens.okta,
      signal: controller.signal,
    });
    await until(() => server.requests.length === 1);
    controller.abort(new Error('user left'));
    await expect(pending).rejects.toThrow('user left');
  });

  /**
   * A call given a caller's signal, over a fetch that answers at once with `body()`: its answer,
   * the caller's controller and the signal of each request it sent.
   */
  async function callWithSignal(body: () => BodyInit) {
    const signals: AbortSignal[] = [];
    const fetch = async (_url: string | URL | Request, init?: RequestInit): Promise<Response> => {
      if (init?.signal) signals.push(init.signal);
      return new Response(body());
    };
    const controller = new AbortController();
    const response = await new InSessionApiCall({ fetch }).callApi({
      apiUrl: 'https://api.example.com',
      tokenResponse: vendorTokens.okta,
      signal: controller.signal,
    });
    return { response, controller, signals };
  }

  it("aborts the answer's request when the caller aborts before its body is read", async () => {
    // A body that never ends.
    const { response, controller, signals } = await callWithSignal(
      () => new ReadableStream({ pull: () => new Promise(() => undefined) }),
    );
    controller.abort(new Error('user left'));
    expect(signals).toHaveLength(1);
    expect(signals[0]?.reason).toEqual(new Error('user left'));
    await expect(response.text()).rejects.toThrow('user left');
  });

  it("lets go of the caller's signal once the body is read: a later abort reaches none of its requests", async () => {
    const { response, controller, signals } = await callWithSignal(() => '{"balance":42}');
    expect(await response.json()).toEqual({ balance: 42 });
    controller.abort(new Error('user left'));
    expect(signals).toHaveLength(1);
    expect(signals[0]?.aborted).toBe(false);
  });

  /** What `pending` came to once the tasks queued so far ran: its value, its error's message, or still waiting. */
  async function outcomeOf(pending: Promise<unknown>): Promise<unknown> {
    const waiting = new Promise((resolve) => setTimeout(resolve, 0, 'still waiting'));
    return Promise.race([pending.catch((error: Error) => error.message), waiting]);
  }

  it("keeps a body read ending on the caller's abort when a second read of the body is refused", async () => {
    const { response, controller } = await callWithSignal(
      () => new ReadableStream({ pull: () => new Promise(() => undefined) }),
    );
    const reading = response.text();
    // The runtime refuses a second read of a body in use; that refusal must not end the call.
    await expect(response.json()).rejects.toThrow(TypeError);
    controller.abort(new Error('user left'));
    expect(await outcomeOf(reading)).toBe('user left');
  });

  it("keeps a body read as a stream ending on the caller's abort when a reader of the body is refused", async () => {
    const { response, controller, signals } = await callWithSignal(
      () => new ReadableStream({ pull: () => new Promise(() => undefined) }),
    );
    const stream = response.body?.getReader();
    await expect(response.text()).rejects.toThrow(TypeError);
    controller.abort(new Error('user left'));
    expect(signals[0]?.reason).toEqual(new Error('user left'));
    stream?.releaseLock();
  });

  it('sends nothing when the signal is already aborted', async () => {
    const server = await api();
    const call = new InSessionApiCall({ fetch: server.fetch });
    await expect(
      call.callApi({
        apiUrl: server.url,
        tokenResponse: vendorTokens.okta,
        signal: AbortSignal.abort(),
      }),
    ).rejects.toMatchObject({ name: 'AbortError' });
    expect(server.requests).toHaveLength(0);
  });
});

/** A promise whose settling the test can look at without waiting for it. */
function settling(promise: Promise<unknown>): { settled: boolean; outcome: Promise<unknown> } {
  const state = {
    settled: false,
    outcome: promise.then(
      (value: unknown) => value,
      (error: unknown) => error,
    ),
  };
  void state.outcome.finally(() => {
    state.settled = true;
  });
  return state;
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition: () => boolean): Promise<void> {
  const giveUp = Date.now() + 5000;
  while (!condition()) {
    if (Date.now() > giveUp) throw new Error('condition not met within 5 s');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
