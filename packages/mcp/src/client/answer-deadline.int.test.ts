import { ApiCallError } from '@dual-auth/core';
import { runWithAct } from '@dual-auth/session/context';
import { dripBody } from '@dual-auth/testing';
import { describe, expect, it } from 'vitest';
import {
  rejection,
  stallingServerPerFile,
  toolTokenProvider as tokenProvider,
} from '../../test/support/stalling-server.js';
import { toolToken } from '../../test/support/tool-calling.js';
import { withDualAuthTool } from '../tools/with-dual-auth-tool.js';
import { dualAuthFetch } from './dual-auth-fetch.js';

// An attacker review: a server that takes the connection and never answers held dualAuthFetch and
// withDualAuthTool's callApi until the caller's own signal, which many callers do not pass. These
// servers are real loopback HTTPS ones; the deadlines are short real ones (no clock drives them),
// and only outcomes are asserted.

/** Ends the `/stream` answer: called by the test once its client has waited past the deadline. */
let endStream = (): void => undefined;
/**
 * Where the answer's headers must come in time: generous, as a loaded machine is slow to shake
 * hands; a silent server's deadline can be the shortest there is.
 */
const ANSWERED_WITHIN_MS = 2_000;

/** Open answers, ended when the suite ends. */
const server = stallingServerPerFile((req, res) => {
  if (req.url === '/silent') return; // headers never come
  if (req.url === '/stream') {
    // An SSE stream: one event at once, the next when the test says (past the deadline).
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write('data: one\n\n');
    endStream = () => res.end('data: two\n\n');
    return;
  }
  if (req.url === '/endless') {
    dripBody(res, ' '.repeat(100_000), { everyMs: 20 });
    return;
  }
  if (req.url === '/refused-endless') {
    res.writeHead(403, { 'content-type': 'application/json' });
    res.write('{"failed_side":"human"');
    return; // the rest of the refusal never comes
  }
  res.end('{"ok":true}');
});

const fetchWithin = (timeoutMs?: number) =>
  dualAuthFetch({
    origin: server.url,
    tokenProvider,
    resourceMetadata: 'off',
    fetch: server.fetch,
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
  });

describe('dualAuthFetch: timeoutMs', () => {
  it('refuses a server that never answers with a timeout ApiCallError saying what to do', async () => {
    const error = await rejection(fetchWithin(100)(`${server.url}/silent`, { method: 'POST' }));
    expect(ApiCallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ reason: 'timeout', method: 'POST', url: `${server.url}/silent` });
    expect(String(error)).toMatch(/no answer within 100 ms .*raise timeoutMs/);
    for (const shown of [String(error), JSON.stringify(error)]) {
      expect(shown).not.toContain(toolToken.accessToken);
      expect(shown).not.toContain(toolToken.actAssertion);
    }
  });

  it("gives way to the caller's signal when it aborts first", async () => {
    const controller = new AbortController();
    const reason = new Error('the caller gave up');
    const pending = fetchWithin()(`${server.url}/silent`, { signal: controller.signal });
    setTimeout(() => controller.abort(reason), 50);
    expect(await rejection(pending)).toBe(reason);
  });

  it('bounds the wait for the answer, not its body: a stream outlasting timeoutMs is read whole', async () => {
    const response = await fetchWithin(ANSWERED_WITHIN_MS)(`${server.url}/stream`);
    const body = response.text();
    // Past the deadline counted from the request, whatever the machine's speed.
    await new Promise((done) => setTimeout(done, ANSWERED_WITHIN_MS + 500));
    endStream();
    expect(await body).toBe('data: one\n\ndata: two\n\n');
  });

  it('refuses a timeoutMs that is likely seconds, or not a number, at creation', () => {
    expect(() => fetchWithin(10)).toThrow(/options\.timeoutMs must be in milliseconds/);
    expect(() =>
      dualAuthFetch({ origin: server.url, tokenProvider, timeoutMs: '5000' as never }),
    ).toThrow(TypeError);
  });
});

const toolWithin = (path: string, timeoutMs: number) =>
  withDualAuthTool(
    {
      origin: server.url,
      tokenRequest: { tokenProvider: () => tokenProvider },
      agentId: 'finance-agent',
      scope: ['finance.read'],
      fetch: server.fetch,
      timeoutMs,
    },
    async (_input: unknown, { callApi }) => (await callApi(`${server.url}${path}`)).json(),
  );

describe('withDualAuthTool: timeoutMs', () => {
  it('refuses an API that never answers with a timeout ApiCallError', async () => {
    const error = await rejection(runWithAct({ sub: 'u-1' }, () => toolWithin('/silent', 100)({})));
    expect(ApiCallError.isInstance(error)).toBe(true);
    expect(String(error)).toMatch(/within 100 ms .*raise timeoutMs/);
  });

  it('bounds the body the tool reads too: an endless answer fails the call', async () => {
    const error = await rejection(
      runWithAct({ sub: 'u-1' }, () => toolWithin('/endless', ANSWERED_WITHIN_MS)({})),
    );
    expect(ApiCallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ reason: 'deadline' });
    expect(String(error)).toMatch(/body within 2000 ms .*raise timeoutMs/);
  });

  it('still hands the model a denial when a refusal body never ends', async () => {
    const denial = await runWithAct({ sub: 'u-1' }, () =>
      toolWithin('/refused-endless', ANSWERED_WITHIN_MS)({}),
    );
    expect(denial).toEqual({
      denied: true,
      reason: 'not_authorized',
      message: 'The service refused this request for this agent or the person it acts for',
    });
  });

  // A tool that passes its own signal in init must still stop when its tool call is cancelled.
  it("gives way to the tool call's signal when the tool passes its own in init", async () => {
    const cancelled = new AbortController();
    const mine = new AbortController();
    const tool = withDualAuthTool(
      {
        tokenRequest: { tokenProvider: () => tokenProvider },
        agentId: 'finance-agent',
        scope: ['finance.read'],
        origin: server.url,
        fetch: server.fetch,
        timeoutMs: 30_000,
      },
      async (_input: unknown, { callApi }) =>
        (await callApi(`${server.url}/silent`, { signal: mine.signal })).json(),
    );
    const pending = runWithAct({ sub: 'u-1' }, () => tool({}, { signal: cancelled.signal }));
    setTimeout(() => cancelled.abort(new Error('tool call cancelled')), 50);
    const error = await rejection(pending);
    expect(String(error)).toMatch(/tool call cancelled/);
  });

  it('leaves a call that answers in time as it was', async () => {
    expect(await runWithAct({ sub: 'u-1' }, () => toolWithin('/ok', 10_000)({}))).toEqual({
      ok: true,
    });
  });
});
