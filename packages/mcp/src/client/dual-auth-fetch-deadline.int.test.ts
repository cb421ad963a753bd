import type { ServerResponse } from 'node:http';
import { ApiCallError, type Clock, type TokenProvider } from '@dual-auth/core';
import { heldClock, startHttpsServer, type TestHttpsServer } from '@dual-auth/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { tellingFetch } from '../../test/support/telling-fetch.js';
import { toolToken } from '../../test/support/tool-calling.js';
import { dualAuthFetch } from './dual-auth-fetch.js';
import { McpCallRefusedError } from './mcp-call-refused-error.js';

// Attack (deadlines): dualAuthFetch's `timeoutMs` bounded each request's wait for headers, and the
// read of a refusal's body had a `timeoutMs` of its own: a server that took most of it to send a
// 403's headers and then stalled the body held the caller up to twice `timeoutMs`, and one that
// answered a 401 `invalid_token` or a redirect late restarted the wait for the next request. One
// deadline now covers the whole call. The servers are real loopback HTTPS ones; `timeoutMs` is
// measured on a clock the test moves, so the test proves the bound without timing anything.

const TIMEOUT_MS = 1_000;
/** Open answers, ended when the suite ends. */
const held: ServerResponse[] = [];
/** What the server does with the next request to each path, set by each test. */
const routes = new Map<string, (res: ServerResponse) => void>();
let server: TestHttpsServer;

beforeAll(async () => {
  server = await startHttpsServer((req, res) => {
    held.push(res);
    routes.get(req.url ?? '')?.(res);
  });
});

afterAll(async () => {
  for (const res of held) res.destroy();
  await server.close();
});

/** A signal that a step was reached, to move the clock after it. */
function reached(): { wait: Promise<void>; now: () => void } {
  let now = (): void => undefined;
  const wait = new Promise<void>((resolve) => {
    now = resolve;
  });
  return { wait, now };
}

/** The call's outcome once it settles; `settled()` tells whether it has. */
function outcome(pending: Promise<unknown>) {
  let done = false;
  const error = pending.then(
    () => expect.unreachable('it should have been refused'),
    (reason: unknown) => reason,
  );
  void error.finally(() => {
    done = true;
  });
  return { error, settled: () => done };
}

/** Waits for the call to settle once the clock reached `timeoutMs` after its first request. */
async function settledAtTimeout(call: ReturnType<typeof outcome>): Promise<unknown> {
  // Nothing else moves the clock: a call still pending here waits for a later deadline.
  await vi.waitFor(() => expect(call.settled()).toBe(true), { timeout: 20_000 });
  return call.error;
}

const fetchOn = (clock: Clock, tokenProvider: TokenProvider, firstChunk?: () => void) =>
  dualAuthFetch({
    origin: server.url,
    tokenProvider,
    resourceMetadata: 'off',
    fetch:
      firstChunk === undefined
        ? server.fetch
        : tellingFetch(server.fetch, firstChunk, 'first chunk'),
    timeoutMs: TIMEOUT_MS,
    clock,
  });

const fixedProvider = {
  identity: { agentId: 'finance-agent', humanId: 'u-1' },
  getToken: async () => toolToken,
} as TokenProvider;

describe('dualAuthFetch: one timeoutMs over the whole call', () => {
  it("bounds a late refusal's headers and its stalled body together", async () => {
    const clock = heldClock();
    const sent = reached();
    const bodyBegun = reached();
    let answer = (): void => undefined;
    routes.set('/late-refusal', (res) => {
      answer = () => {
        res.writeHead(403, { 'content-type': 'application/json' });
        res.write('{"error":"forbidden","failed_side":"agent"}');
      };
      sent.now();
    });
    const call = outcome(
      fetchOn(
        clock,
        fixedProvider,
        bodyBegun.now,
      )(`${server.url}/late-refusal`, { method: 'POST' }),
    );
    await sent.wait;
    clock.advance(600);
    answer();
    await bodyBegun.wait;
    clock.advance(TIMEOUT_MS - 600);
    const error = await settledAtTimeout(call);
    expect(McpCallRefusedError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 403, reason: 'status', failedSide: 'agent' });
    expect(String(error)).toMatch(
      /answered HTTP 403; failed side agent; .*its body did not end within 1000 ms \(timeoutMs\)/,
    );
  });

  it('bounds the request sent again after a late 401 invalid_token', async () => {
    const clock = heldClock();
    const first = reached();
    const again = reached();
    let answer = (): void => undefined;
    let requests = 0;
    routes.set('/late-challenge', (res) => {
      requests += 1;
      if (requests > 1) return again.now();
      answer = () => {
        res.writeHead(401, { 'www-authenticate': 'Bearer error="invalid_token"' });
        res.end();
      };
      first.now();
    });
    const call = outcome(
      fetchOn(clock, fixedProvider)(`${server.url}/late-challenge`, {
        method: 'POST',
        body: '{}',
      }),
    );
    await first.wait;
    clock.advance(600);
    answer();
    await again.wait;
    clock.advance(TIMEOUT_MS - 600);
    const error = await settledAtTimeout(call);
    expect(ApiCallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ reason: 'timeout', method: 'POST', status: undefined });
    expect(String(error)).toMatch(/no answer within 1000 ms \(timeoutMs, over the whole call/);
  });

  it('bounds the renewal of the token after a 401 invalid_token', async () => {
    const clock = heldClock();
    const first = reached();
    const renewing = reached();
    let answer = (): void => undefined;
    routes.set('/renewal-stalls', (res) => {
      answer = () => {
        res.writeHead(401, { 'www-authenticate': 'Bearer error="invalid_token"' });
        res.end();
      };
      first.now();
    });
    const stalledRenewal = {
      identity: fixedProvider.identity,
      getToken: ({ forceRefresh }: { forceRefresh?: boolean } = {}) => {
        if (forceRefresh !== true) return Promise.resolve(toolToken);
        renewing.now();
        return new Promise<never>(() => undefined);
      },
    } as TokenProvider;
    const call = outcome(fetchOn(clock, stalledRenewal)(`${server.url}/renewal-stalls`));
    await first.wait;
    clock.advance(600);
    answer();
    await renewing.wait;
    clock.advance(TIMEOUT_MS - 600);
    const error = await settledAtTimeout(call);
    expect(ApiCallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ reason: 'timeout', method: 'GET', status: undefined });
    expect(String(error)).toMatch(/no renewed token within 1000 ms \(timeoutMs/);
  });

  it('bounds every redirect hop together', async () => {
    const clock = heldClock();
    const first = reached();
    const hop = reached();
    let answer = (): void => undefined;
    routes.set('/moved-late', (res) => {
      answer = () => {
        res.writeHead(307, { location: '/moved-here' });
        res.end();
      };
      first.now();
    });
    routes.set('/moved-here', () => hop.now());
    const call = outcome(fetchOn(clock, fixedProvider)(`${server.url}/moved-late`));
    await first.wait;
    clock.advance(600);
    answer();
    await hop.wait;
    clock.advance(TIMEOUT_MS - 600);
    const error = await settledAtTimeout(call);
    expect(ApiCallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ reason: 'timeout', method: 'GET' });
    expect(String(error)).toMatch(/GET https:\/\/[^ ]+\/moved-here: no answer within 1000 ms/);
  });
});
