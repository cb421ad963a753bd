import { ApiCallError } from '@dual-auth/core';
import { runWithAct } from '@dual-auth/session/context';
import { describe, expect, it } from 'vitest';
import {
  rejection,
  stallingServerPerFile,
  toolTokenProvider as tokenProvider,
} from '../../test/support/stalling-server.js';
import { withDualAuthTool } from '../tools/with-dual-auth-tool.js';
import { dualAuthFetch } from './dual-auth-fetch.js';

// timeoutMs is measured on the injected clock, as @dual-auth/client's deadlines are: a clock that
// stands still never lets it pass, however slow the machine; a clock moved past it does. The
// servers are real loopback HTTPS ones; only outcomes are asserted.

/** Called when the server gets a request: the deadline of that request has started. */
let onRequest = (): void => undefined;
/** Answers held until the test lets them go (`answerAll`). */
const server = stallingServerPerFile(() => onRequest());

/** Resolves once the next request is at the server: move the clock after its deadline started. */
function nextRequest(): Promise<void> {
  return new Promise((resolve) => {
    onRequest = resolve;
  });
}

/** Answers every held request, once the test waited longer than timeoutMs in real time. */
function answerAll(): void {
  for (const res of server.held.splice(0)) res.end('{"ok":true}');
}

/** A clock standing at one instant until the test moves it. */
function stillClock() {
  let now = Date.parse('2026-01-01T00:00:00Z');
  return { now: () => now, move: (ms: number) => (now += ms) };
}

/** Waits in real time, past the 100 ms of timeoutMs that wall time would have spent. */
const pastWallDeadline = () => new Promise((done) => setTimeout(done, 400));

describe('dualAuthFetch: timeoutMs on the injected clock', () => {
  const fetchOn = (clock: { now(): number }) =>
    dualAuthFetch({
      origin: server.url,
      tokenProvider,
      resourceMetadata: 'off',
      fetch: server.fetch,
      timeoutMs: 100,
      clock,
    });

  it('does not pass while the clock stands still, however long the answer takes', async () => {
    const clock = stillClock();
    const pending = fetchOn(clock)(`${server.url}/late`);
    await pastWallDeadline();
    answerAll();
    expect(await (await pending).json()).toEqual({ ok: true });
  });

  it('passes once the clock is moved past it', async () => {
    const clock = stillClock();
    const sent = nextRequest();
    const pending = fetchOn(clock)(`${server.url}/late`, { method: 'POST' });
    await sent;
    clock.move(100);
    const error = await rejection(pending);
    expect(ApiCallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ reason: 'timeout', method: 'POST' });
    expect(String(error)).toMatch(/no answer within 100 ms .*raise timeoutMs/);
  });
});

describe('withDualAuthTool: timeoutMs on the injected clock', () => {
  const toolOn = (clock: { now(): number }) =>
    withDualAuthTool(
      {
        origin: server.url,
        tokenRequest: { tokenProvider: () => tokenProvider },
        agentId: 'finance-agent',
        scope: ['finance.read'],
        fetch: server.fetch,
        timeoutMs: 100,
        clock,
      },
      async (_input: unknown, { callApi }) => (await callApi(`${server.url}/late`)).json(),
    );

  it('does not pass while the clock stands still', async () => {
    const clock = stillClock();
    const pending = runWithAct({ sub: 'u-1' }, () => toolOn(clock)({}));
    await pastWallDeadline();
    answerAll();
    expect(await pending).toEqual({ ok: true });
  });

  it('passes once the clock is moved past it', async () => {
    const clock = stillClock();
    const sent = nextRequest();
    const pending = runWithAct({ sub: 'u-1' }, () => toolOn(clock)({}));
    await sent;
    clock.move(100);
    const error = await rejection(pending);
    expect(ApiCallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ reason: 'deadline' });
  });

  it('refuses a clock without now() at creation', () => {
    expect(() => toolOn({} as never)).toThrow(TypeError);
  });
});
