import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { InMemoryDelegationCutoffStore, type Logger } from '@dual-auth/core';
import type { DualAuthGuard } from '@dual-auth/resource';
import { endDelegation } from '@dual-auth/session';
import type { LocalIdp, TestHttpsServer } from '@dual-auth/testing';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeLocalMcp, startLocalMcp } from '../test/support/local-mcp.js';
import { type McpRequest, openSession, send as sendTo } from '../test/support/stateful-sessions.js';
import {
  actOf,
  exchangedAccessToken,
  tokenExchangeGuard,
} from '../test/support/token-exchange-idp.js';
import { requireDualAuth } from './express/index.js';
import { dualAuthMcpHandler } from './fetch/index.js';

// Attack: a server-sent stream (the GET of MCP Streamable HTTP) is checked once, when it opens.
// Before, it stayed open for as long as the client kept the connection: past the token's `exp`,
// and past an ended delegation (`endDelegation`, whose cut-off the guard reads on each request,
// never on a stream already served), delivering the session's server messages to an agent whose
// every new request is refused. Now the entries end an answer still being sent when its token
// expires; the MCP SDK's client opens the stream again with its renewed token (or is refused).

/** A clock fixed at `nowMs` whose timers the test fires: each recorded with its time. */
function heldClock(nowMs: number) {
  const timers: { atMs: number; fire: () => void; cancelled: boolean }[] = [];
  const clock = {
    now: () => nowMs,
    setTimer(atMs: number, fire: () => void) {
      const timer = { atMs, fire, cancelled: false };
      timers.push(timer);
      // A time already reached fires at once, as a controlled clock does.
      if (atMs <= nowMs) fire();
      return () => {
        timer.cancelled = true;
      };
    },
  };
  return { clock, timers };
}

type Timing = {
  clock: ReturnType<typeof heldClock>['clock'];
  delegationRecheckIntervalMs?: number;
  logger?: Logger;
};

/** A logger keeping every line: its level, event and fields. */
function keptLines() {
  const lines: [string, string, unknown][] = [];
  const at = (level: string) => (event: string, fields?: unknown) =>
    void lines.push([level, event, fields]);
  const logger: Logger = {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
  };
  return { logger, lines };
}

function mcpServer(): McpServer {
  const server = new McpServer({ name: 'finance', version: '1.0.0' });
  server.registerTool('ping', {}, async () => ({ content: [{ type: 'text', text: 'pong' }] }));
  return server;
}

type Transport = StreamableHTTPServerTransport | WebStandardStreamableHTTPServerTransport;

// Stateful: a session's transport keeps its GET stream until the stream is let go of, and refuses
// another (409) meanwhile, so a stream ended but still held would cut the session off for good.
function expressEntry(guard: DualAuthGuard, resourceServerUrl: URL, timing: Timing) {
  const transports = new Map<string, Transport>();
  const app = express();
  const auth = requireDualAuth({ guard, resourceServerUrl, ...timing });
  app.all('/mcp', auth, express.json(), async (req, res) => {
    const sessionId = req.header('mcp-session-id');
    const known = sessionId === undefined ? undefined : transports.get(sessionId);
    if (known !== undefined) {
      return (known as StreamableHTTPServerTransport).handleRequest(req, res, req.body);
    }
    const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => crypto.randomUUID(),
      enableJsonResponse: true,
      onsessioninitialized: (id) => void transports.set(id, transport),
    });
    await mcpServer().connect(transport);
    await transport.handleRequest(req, res, req.body);
  });
  return (req: IncomingMessage, res: ServerResponse) => app(req as never, res as never);
}

function fetchEntry(guard: DualAuthGuard, resourceServerUrl: URL, timing: Timing) {
  const transports = new Map<string, Transport>();
  const mcp = dualAuthMcpHandler(
    { guard, resourceServerUrl, ...timing },
    async (request, authInfo) => {
      const sessionId = request.headers.get('mcp-session-id');
      const known = sessionId === null ? undefined : transports.get(sessionId);
      if (known !== undefined) {
        return (known as WebStandardStreamableHTTPServerTransport).handleRequest(request, {
          authInfo,
        });
      }
      const transport: WebStandardStreamableHTTPServerTransport =
        new WebStandardStreamableHTTPServerTransport({
          sessionIdGenerator: () => crypto.randomUUID(),
          enableJsonResponse: true,
          onsessioninitialized: (id) => void transports.set(id, transport),
        });
      await mcpServer().connect(transport);
      return transport.handleRequest(request, { authInfo });
    },
  );
  return async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headersDistinct)) {
      for (const line of value ?? []) headers.append(name, line);
    }
    const response = await mcp(
      new Request(`https://${req.headers.host}${req.url}`, {
        method: req.method ?? 'GET',
        headers,
        ...(req.method === 'POST' ? { body: Buffer.concat(chunks) } : {}),
      }),
    );
    res.writeHead(response.status, Object.fromEntries(response.headers));
    if (response.body === null) return void res.end();
    res.flushHeaders(); // a stream's head goes out before its first event
    await pipeline(Readable.fromWeb(response.body as never), res).catch(() => undefined);
  };
}

const ENTRIES = { express: expressEntry, fetch: fetchEntry };

describe.each(['express', 'fetch'] as const)(
  'attack (%s entry): a stream outliving its token',
  (entry) => {
    let idp: LocalIdp;
    let server: TestHttpsServer;
    let mcpUrl: URL;
    let app: ((req: IncomingMessage, res: ServerResponse) => unknown) | undefined;
    let guard: DualAuthGuard;

    beforeAll(async () => {
      ({ server, mcpUrl, idp } = await startLocalMcp((req, res) => app?.(req, res)));
      guard = tokenExchangeGuard(idp, mcpUrl.href);
    });
    afterAll(() => closeLocalMcp({ server, idp }));

    const tokenOf = (username: string) => exchangedAccessToken(idp, 'finance-agent', username);

    const send = (...request: McpRequest) => sendTo(server, mcpUrl, ...request);

    /** Opens a session (initialize, then `notifications/initialized`): its id. */
    const open = (token: string) => openSession(send, token);

    it('ends the server-sent stream when its token expires, and times no POST answer', async () => {
      const token = await tokenOf('alice');
      const payload = JSON.parse(
        Buffer.from(token.split('.')[1] as string, 'base64url').toString(),
      );
      const expMs = Number(payload.exp) * 1000;
      // Two minutes before the token's exp, on the entry's clock.
      const { clock, timers } = heldClock(expMs - 120_000);
      app = ENTRIES[entry](guard, mcpUrl, { clock });

      const sessionId = await open(token);
      // A POST's answer is never timed: it answers the request its token was checked for.
      expect(timers).toEqual([]);
      const before = 0;

      const stream = await send('GET', token, sessionId);
      expect(stream.status).toBe(200);
      expect(stream.headers.get('content-type')).toContain('text/event-stream');
      const reader = (stream.body as ReadableStream<Uint8Array>).getReader();
      const ended = (async () => {
        for (;;) if ((await reader.read()).done) return 'ended';
      })();
      await expect.poll(() => timers.length).toBe(before + 1);
      expect(timers[before]).toMatchObject({ atMs: expMs, cancelled: false });
      timers[before]?.fire(); // the token's exp
      expect(await ended).toBe('ended');
      // Without a cut-off store, the exp timer is the stream's only one.
      expect(timers).toHaveLength(before + 1);

      // The session let go of its stream: the client's reconnection (a renewed token) is served.
      const again = await send('GET', token, sessionId);
      expect(again.status).toBe(200);
      await again.body?.cancel();
      expect((await send('DELETE', token, sessionId)).status).toBe(200);
    }, 60_000);

    it("ends at once a stream opened with a token already past its exp (the guard's clock tolerance)", async () => {
      const token = await tokenOf('alice');
      const expMs =
        Number(JSON.parse(Buffer.from(token.split('.')[1] as string, 'base64url').toString()).exp) *
        1000;
      // Admitted by the guard (its own clock), expired on the entry's: five seconds past exp.
      app = ENTRIES[entry](guard, mcpUrl, { clock: heldClock(expMs + 5_000).clock });
      const sessionId = await open(token);
      const stream = await send('GET', token, sessionId);
      expect(stream.status).toBe(200);
      // Before: the timer fired before the stream's head was sent, and the stream never ended.
      expect(await stream.text()).toBe('');
      const again = await send('GET', token, sessionId);
      expect(again.status).toBe(200);
      await again.body?.cancel();
    }, 60_000);

    /** The claims of `token`, unverified: its `iat` and `exp` in ms. */
    function timesOf(token: string) {
      const claims = JSON.parse(Buffer.from(token.split('.')[1] as string, 'base64url').toString());
      return { iatMs: Number(claims.iat) * 1000, expMs: Number(claims.exp) * 1000 };
    }

    /** Opens the session's stream: `ended`, once its body is read to its end. */
    async function openStream(token: string, sessionId: string) {
      const stream = await send('GET', token, sessionId);
      expect(stream.status).toBe(200);
      expect(stream.headers.get('content-type')).toContain('text/event-stream');
      const reader = (stream.body as ReadableStream<Uint8Array>).getReader();
      const ended = (async () => {
        for (;;) if ((await reader.read()).done) return 'ended';
      })();
      return { ended };
    }

    /**
     * Alice's session, on an entry whose guard reads a cut-off store of its own (the entry given
     * `timing` and a clock held 60 s after her token's `iat`): its timers, for her stream to come.
     */
    async function sessionUnderCutoff(timing: Omit<Timing, 'clock'> = {}) {
      const token = await tokenOf('alice');
      const { iatMs, expMs } = timesOf(token);
      const cutoffStore = new InMemoryDelegationCutoffStore();
      const nowMs = iatMs + 60_000;
      const { clock, timers } = heldClock(nowMs);
      app = ENTRIES[entry](
        tokenExchangeGuard(idp, mcpUrl.href, undefined, undefined, cutoffStore),
        mcpUrl,
        { clock, ...timing },
      );
      return { token, expMs, nowMs, cutoffStore, timers, sessionId: await open(token) };
    }

    // Attack: `endDelegation` recorded the human's cut-off, which the guard reads on each request;
    // a stream already open went on delivering the session's messages until its token's `exp` (up
    // to an hour).
    it('ends the stream at the next re-check after the delegation is ended; its reconnection is refused', async () => {
      const { token, expMs, nowMs, cutoffStore, timers, sessionId } = await sessionUnderCutoff({
        delegationRecheckIntervalMs: 5_000,
      });
      expect(timers).toEqual([]); // a POST's answer is never timed, nor re-checked

      const { ended } = await openStream(token, sessionId);
      // The token's exp, and the first re-check once the cut-off was read as the stream opened.
      await expect.poll(() => timers.map((timer) => timer.atMs)).toEqual([expMs, nowMs + 5_000]);
      timers[1]?.fire(); // no cut-off yet: the stream goes on, one re-check later
      await expect.poll(() => timers.length).toBe(3);
      expect(timers[2]).toMatchObject({ atMs: nowMs + 5_000, cancelled: false });
      await endDelegation({ human: actOf(idp, 'alice'), cutoffStore });
      timers[2]?.fire();
      expect(await ended).toBe('ended');
      // One re-check timer at a time (the next is armed as a read starts: a store that has not
      // answered by then ends the stream): none armed after the end, the exp timer cancelled.
      expect(timers).toHaveLength(4);
      expect(timers[0]?.cancelled).toBe(true);
      expect(timers[3]).toMatchObject({ atMs: nowMs + 5_000, cancelled: true });

      // The client's reconnection, with the token of the ended delegation: refused by the guard.
      const again = await send('GET', token, sessionId);
      expect(again.status).toBe(401);
      expect(await again.json()).toMatchObject({ error: 'invalid_token' });
    }, 60_000);

    // Attack (wave 30): the entry took its own `cutoffStore` beside the guard's, so a server given
    // only the guard's (the one `endDelegation` writes) never re-checked an open stream, which ran
    // on to its token's exp. The entry now re-checks with the guard's own store, by default.
    it('re-checks with the guard’s cut-off store when the entry is given none', async () => {
      const { token, expMs, nowMs, cutoffStore, timers, sessionId } = await sessionUnderCutoff();
      const { ended } = await openStream(token, sessionId);
      // The token's exp, and the first re-check at the default interval (15 s).
      await expect.poll(() => timers.map((timer) => timer.atMs)).toEqual([expMs, nowMs + 15_000]);
      await endDelegation({ human: actOf(idp, 'alice'), cutoffStore });
      timers[1]?.fire();
      expect(await ended).toBe('ended');
      // The exp timer and the re-check armed as the read started: both cancelled at the end.
      expect(timers[0]?.cancelled).toBe(true);
      expect(timers.at(-1)).toMatchObject({ atMs: nowMs + 15_000, cancelled: true });
      expect((await send('GET', token, sessionId)).status).toBe(401);
    }, 60_000);

    // Attack (reviewb): the delegation ended after the guard read the store for the stream's GET,
    // before the stream's own first read, a few seconds after the token's iat: that first read
    // compared with nothing, so the stream ran on to its exp, re-checked under the new cut-off.
    it('ends the stream at its first read under a cut-off recorded after the guard read the store', async () => {
      const token = await tokenOf('alice');
      const { iatMs } = timesOf(token);
      let reads: number | undefined;
      const cutoffStore = new (class extends InMemoryDelegationCutoffStore {
        override async cutoffOf(human: string) {
          if (reads !== undefined && ++reads === 2) {
            await endDelegation({ human: actOf(idp, 'alice'), cutoffStore: this });
          }
          return super.cutoffOf(human);
        }
      })();
      const { clock, timers } = heldClock(iatMs + 60_000);
      app = ENTRIES[entry](
        tokenExchangeGuard(idp, mcpUrl.href, undefined, undefined, cutoffStore),
        mcpUrl,
        { clock, delegationRecheckIntervalMs: 5_000 },
      );
      const sessionId = await open(token);
      reads = 0; // the guard's read of the GET, then the stream's first
      const { ended } = await openStream(token, sessionId);
      expect(await ended).toBe('ended');
      expect(reads).toBe(2);
      expect(timers.every((timer) => timer.cancelled)).toBe(true);
      const again = await send('GET', token, sessionId);
      expect(again.status).toBe(401);
    }, 60_000);

    it('fails closed: a cut-off store that does not answer a re-check ends the stream, logged with IAM ids only', async () => {
      const token = await tokenOf('alice');
      const { iatMs } = timesOf(token);
      let answers = true;
      const cutoffStore = new (class extends InMemoryDelegationCutoffStore {
        override async cutoffOf(human: string) {
          if (!answers) throw new Error('connection to redis://alice@example.com:6379 lost');
          return super.cutoffOf(human);
        }
      })();
      const { logger, lines } = keptLines();
      const { clock, timers } = heldClock(iatMs + 60_000);
      app = ENTRIES[entry](
        tokenExchangeGuard(idp, mcpUrl.href, undefined, undefined, cutoffStore),
        mcpUrl,
        { clock, logger },
      );
      const sessionId = await open(token);
      const { ended } = await openStream(token, sessionId);
      // The default interval: 15 s.
      await expect.poll(() => timers.map((timer) => timer.atMs)).toContain(iatMs + 75_000);
      answers = false;
      timers.at(-1)?.fire();
      expect(await ended).toBe('ended');
      expect(lines).toEqual([
        [
          'warn',
          'dual_auth_stream_cutoff_unavailable',
          { agent_id: 'finance-agent', human_id: actOf(idp, 'alice').sub, error_type: 'Error' },
        ],
      ]);
      expect(JSON.stringify(lines)).not.toContain('alice@');
      // The guard reads the same store: the reconnection is refused until it answers again.
      expect((await send('GET', token, sessionId)).status).toBe(503);
    }, 60_000);
  },
);
