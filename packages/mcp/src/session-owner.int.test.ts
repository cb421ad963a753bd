import type { IncomingMessage, ServerResponse } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { DualAuthAuditEvent, DualAuthGuard } from '@dual-auth/resource';
import type { LocalIdp, TestHttpsServer } from '@dual-auth/testing';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { closeLocalMcp, startLocalMcp } from '../test/support/local-mcp.js';
import {
  type Closable,
  INITIALIZE,
  type McpRequest,
  notFound,
  openSession,
  send as sendTo,
  sessionTransport,
} from '../test/support/stateful-sessions.js';
import {
  actOf,
  exchangedAccessToken,
  tokenExchangeGuard,
} from '../test/support/token-exchange-idp.js';
import { requireDualAuth } from './express/index.js';
import { dualAuthMcpHandler } from './fetch/index.js';
import { InMemoryMcpSessionOwners, McpSessionBinding } from './mcp-session-binding.js';

// MCP security best practices (session hijacking): a stateful session is bound to the agent and
// the human that opened it. Another pair's valid token with that `mcp-session-id` is refused, on
// every method; the SDK's real transports, the local IdP's real RFC 8693 tokens, HTTPS on loopback.

/** A stateful server behind `requireDualAuth`, its transports kept by session id. */
function expressEntry(
  guard: DualAuthGuard,
  resourceServerUrl: URL,
  sessions: McpSessionBinding,
  transports: Map<string, Closable>,
) {
  const app = express();
  const auth = requireDualAuth({ guard, resourceServerUrl, sessions });
  app.all('/mcp', auth, express.json(), async (req, res) => {
    const transport = await sessionTransport(
      StreamableHTTPServerTransport,
      req.header('mcp-session-id'),
      req.auth,
      { sessions, transports },
    );
    if (transport === undefined) return void res.status(404).json(notFound);
    await transport.handleRequest(req, res, req.body);
  });
  return (req: IncomingMessage, res: ServerResponse) => app(req as never, res as never);
}

/** The same behind `dualAuthMcpHandler` and the Web-standard transport, served from Node. */
function fetchEntry(
  guard: DualAuthGuard,
  resourceServerUrl: URL,
  sessions: McpSessionBinding,
  transports: Map<string, Closable>,
) {
  const options = { guard, resourceServerUrl, sessions };
  const mcp = dualAuthMcpHandler(options, async (request, authInfo) => {
    const transport = await sessionTransport(
      WebStandardStreamableHTTPServerTransport,
      request.headers.get('mcp-session-id') ?? undefined,
      authInfo,
      { sessions, transports },
    );
    if (transport === undefined) return Response.json(notFound, { status: 404 });
    return transport.handleRequest(request, { authInfo });
  });
  return async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headersDistinct)) {
      for (const line of value ?? []) headers.append(name, line);
    }
    const hasBody = req.method === 'POST';
    const response = await mcp(
      new Request(`https://${req.headers.host}${req.url}`, {
        method: req.method ?? 'GET',
        headers,
        ...(hasBody ? { body: Buffer.concat(chunks) } : {}),
      }),
    );
    // Sent now: a server-sent stream has no first chunk to carry them until its first event.
    res.writeHead(response.status, Object.fromEntries(response.headers)).flushHeaders();
    // A server-sent stream (GET) stays open: streamed, and cancelled when the client goes.
    if (response.body === null) return void res.end();
    await pipeline(Readable.fromWeb(response.body as never), res).catch(() => undefined);
  };
}

const ENTRIES = { express: expressEntry, fetch: fetchEntry };

/** The answer to a session of a pair that has as many open as it may (429, what to do). */
const OWNER_SESSIONS_FULL = {
  status: 429,
  body: {
    jsonrpc: '2.0',
    error: {
      code: -32000,
      message:
        'This agent and human have as many MCP sessions open as they may: end one (DELETE) before opening another',
    },
    id: null,
  },
};

/** An `initialize` of another client (`x`), refused for the sessions already open. */
const ANOTHER_INITIALIZE = {
  ...INITIALIZE,
  params: { ...INITIALIZE.params, clientInfo: { name: 'x', version: '1' } },
};

describe.each(['express', 'fetch'] as const)(
  'a stateful MCP server (%s entry): a session is bound to the agent and human that opened it',
  (entry) => {
    let idp: LocalIdp;
    let server: TestHttpsServer;
    let mcpUrl: URL;
    // The owners kept, as the store got them: two places, so that a third session is refused.
    const owners: string[] = [];
    const store = new (class extends InMemoryMcpSessionOwners {
      override async open(sessionId: string, owner: string) {
        owners.push(owner);
        return super.open(sessionId, owner);
      }
    })({ maxSessions: 2 });
    const transports = new Map<string, Closable>();
    // The guard's records: a request refused for its session is audited with the status answered.
    const audits: DualAuthAuditEvent[] = [];

    // The app served; a test may serve another binding for a while.
    let app: ((req: IncomingMessage, res: ServerResponse) => unknown) | undefined;
    let guard: DualAuthGuard;

    beforeAll(async () => {
      ({ server, mcpUrl, idp } = await startLocalMcp((req, res) => app?.(req, res)));
      guard = tokenExchangeGuard(idp, mcpUrl.href, (event) => void audits.push(event));
      app = ENTRIES[entry](guard, mcpUrl, new McpSessionBinding({ store }), transports);
    });
    afterAll(() => closeLocalMcp({ server, idp }));

    /** An access token of `agentId` for the human `username`, for this server (RFC 8693). */
    const tokenOf = (agentId: string, username: string) =>
      exchangedAccessToken(idp, agentId, username);

    const send = (...request: McpRequest) => sendTo(server, mcpUrl, ...request);

    /** Opens a session (initialize, then `notifications/initialized`): its id. */
    const open = (token: string) => openSession(send, token);

    const whoami = (token: string, sessionId: string) =>
      send('POST', token, sessionId, {
        jsonrpc: '2.0',
        id: 2,
        method: 'tools/call',
        params: { name: 'whoami', arguments: {} },
      });

    async function whoamiAnswer(response: Response) {
      expect(response.status).toBe(200);
      const body = (await response.json()) as { result: { content: { text: string }[] } };
      return JSON.parse(body.result.content[0]?.text as string);
    }

    /** The status and body of an answer; a stream (an SSE GET served) is cancelled unread. */
    async function answer(response: Response): Promise<{ status: number; body: unknown }> {
      if (response.headers.get('content-type')?.includes('text/event-stream')) {
        await response.body?.cancel();
        return { status: response.status, body: 'a server-sent stream' };
      }
      return { status: response.status, body: await response.json() };
    }

    const refusal = {
      jsonrpc: '2.0',
      error: {
        code: -32600,
        message:
          'This MCP session was opened by another agent or human: open a session of your own (initialize without mcp-session-id)',
      },
      id: null,
    };

    it.each([
      ['the same agent for another human', 'finance-agent', 'bob'],
      ['another agent for the same human', 'intern-agent', 'alice'],
    ])(
      '%s, with a valid token and the session id, is refused 403 on POST, GET and DELETE',
      async (_, agentId, username) => {
        const alice = await tokenOf('finance-agent', 'alice');
        const other = await tokenOf(agentId, username);
        const sessionId = await open(alice);

        expect(await answer(await whoami(other, sessionId))).toEqual({
          status: 403,
          body: refusal,
        });
        await expect.poll(() => audits.at(-1)?.status).toBe(403);
        expect(audits.at(-1)).toMatchObject({ decision: 'ALLOW', agent_id: agentId });
        expect(await answer(await send('GET', other, sessionId))).toEqual({
          status: 403,
          body: refusal,
        });
        expect(await answer(await send('DELETE', other, sessionId))).toEqual({
          status: 403,
          body: refusal,
        });

        // The session is still the opener's: not ended by the refused DELETE; its stream served.
        expect(await answer(await send('GET', alice, sessionId))).toEqual({
          status: 200,
          body: 'a server-sent stream',
        });
        expect(await whoamiAnswer(await whoami(alice, sessionId))).toEqual({
          agent: 'finance-agent',
          human: actOf(idp, 'alice').sub,
        });
        expect((await send('DELETE', alice, sessionId)).status).toBe(200);
      },
      60_000,
    );

    /** A POST of `whoami` with its header lines as given (an array: one line per value). */
    function rawWhoami(headers: Record<string, string | string[]>): Promise<number> {
      return new Promise((resolve, reject) => {
        const req = httpsRequest(mcpUrl, { method: 'POST', ca: server.ca.caPem }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        });
        for (const [name, value] of Object.entries(headers)) req.setHeader(name, value);
        req.on('error', reject);
        req.end(
          JSON.stringify({
            jsonrpc: '2.0',
            id: 2,
            method: 'tools/call',
            params: { name: 'whoami', arguments: {} },
          }),
        );
      });
    }

    it('another pair cannot ride the session with the header repeated, its name in capitals or its value padded', async () => {
      const alice = await tokenOf('finance-agent', 'alice');
      const bob = await tokenOf('finance-agent', 'bob');
      const sessionId = await open(alice);
      const base = {
        authorization: `Bearer ${bob}`,
        accept: 'application/json, text/event-stream',
        'content-type': 'application/json',
      };
      for (const [name, value] of [
        ['mcp-session-id', [sessionId, sessionId]],
        ['mcp-session-id', ['unknown', sessionId]],
        ['mcp-session-id', [sessionId, 'unknown']],
        ['MCP-Session-Id', sessionId],
        ['mcp-session-id', ` ${sessionId}\t`],
      ] as const) {
        const status = await rawWhoami({ ...base, [name]: value as string | string[] });
        expect([400, 403, 404], `${name}: ${JSON.stringify(value)}`).toContain(status);
      }
      expect((await send('DELETE', alice, sessionId)).status).toBe(200);
    }, 60_000);

    it('takes only a McpSessionBinding as sessions', () => {
      const sessions = { transportOptions: () => ({}) } as never;
      expect(() =>
        requireDualAuth({
          guard: tokenExchangeGuard(idp, mcpUrl.href),
          resourceServerUrl: mcpUrl,
          sessions,
        }),
      ).toThrow('options.sessions must be a McpSessionBinding of @dual-auth/mcp');
    });

    it('after DELETE the session is forgotten: its id is the transport’s 404 for anyone', async () => {
      const alice = await tokenOf('finance-agent', 'alice');
      const bob = await tokenOf('finance-agent', 'bob');
      const sessionId = await open(alice);
      expect((await send('DELETE', alice, sessionId)).status).toBe(200);
      expect(await answer(await whoami(alice, sessionId))).toEqual({ status: 404, body: notFound });
      expect(await answer(await whoami(bob, sessionId))).toEqual({ status: 404, body: notFound });
    }, 60_000);

    it('the owner is kept as a digest of the pair: one for both tokens of a pair, none naming the human', async () => {
      owners.length = 0;
      const alice = await tokenOf('finance-agent', 'alice');
      const first = await open(alice);
      const second = await open(await tokenOf('finance-agent', 'alice'));
      expect((await send('DELETE', alice, second)).status).toBe(200);
      const bob = await tokenOf('finance-agent', 'bob');
      const third = await open(bob);
      expect(owners).toHaveLength(3);
      expect(owners[0]).toMatch(/^[0-9a-f]{8}\.[0-9a-f]{64}$/);
      expect(owners[1]).toBe(owners[0]);
      expect(owners[2]).toMatch(/^[0-9a-f]{8}\.[0-9a-f]{64}$/);
      expect(owners[2]).not.toBe(owners[0]);
      const ids = ['alice', 'bob'].map((username) => actOf(idp, username).sub);
      for (const owner of owners) for (const id of ids) expect(owner).not.toContain(id);
      expect((await send('DELETE', alice, first)).status).toBe(200);
      expect((await send('DELETE', bob, third)).status).toBe(200);
    }, 60_000);

    it('a session beyond maxSessions is refused 503 saying so; a DELETE or a transport closed frees its place', async () => {
      const alice = await tokenOf('finance-agent', 'alice');
      const bob = await tokenOf('finance-agent', 'bob');
      const first = await open(alice);
      const second = await open(bob);
      expect(store.size).toBe(2);

      const refused = await send('POST', bob, undefined, ANOTHER_INITIALIZE);
      expect(refused.headers.get('retry-after')).toBe('5');
      expect(await answer(refused)).toEqual({
        status: 503,
        body: {
          jsonrpc: '2.0',
          error: {
            code: -32000,
            message: 'This MCP server has as many sessions open as it may: try again later',
          },
          id: null,
        },
      });

      expect((await send('DELETE', alice, first)).status).toBe(200);
      expect(store.size).toBe(1);
      // The server closes the other session itself (idle): its owner goes with it.
      await transports.get(second)?.close();
      expect(store.size).toBe(0);
      expect(await answer(await whoami(bob, second))).toEqual({ status: 404, body: notFound });

      const third = await open(bob);
      expect((await send('DELETE', bob, third)).status).toBe(200);
      expect(store.size).toBe(0);
    }, 60_000);

    it('one pair at maxSessionsPerOwner is refused 429 saying so; another pair still opens one', async () => {
      const served = app;
      const perPair = new McpSessionBinding({ maxSessionsPerOwner: 1 });
      const ownTransports = new Map<string, Closable>();
      app = ENTRIES[entry](guard, mcpUrl, perPair, ownTransports);
      try {
        const alice = await tokenOf('finance-agent', 'alice');
        const bob = await tokenOf('finance-agent', 'bob');
        const first = await open(alice);
        const refused = await send('POST', alice, undefined, ANOTHER_INITIALIZE);
        expect(await answer(refused)).toEqual(OWNER_SESSIONS_FULL);
        const other = await open(bob);
        expect((await send('DELETE', alice, first)).status).toBe(200);
        const again = await open(alice);
        expect((await send('DELETE', alice, again)).status).toBe(200);
        expect((await send('DELETE', bob, other)).status).toBe(200);
      } finally {
        app = served;
      }
    }, 60_000);

    it('a live session whose owner the store no longer holds (a shared store expired or evicted it) is 404 for every pair, never served', async () => {
      const served = app;
      const forgetful = new InMemoryMcpSessionOwners();
      const ownTransports = new Map<string, Closable>();
      app = ENTRIES[entry](
        guard,
        mcpUrl,
        new McpSessionBinding({ store: forgetful }),
        ownTransports,
      );
      try {
        const alice = await tokenOf('finance-agent', 'alice');
        const bob = await tokenOf('finance-agent', 'bob');
        const sessionId = await open(alice);
        // The store lost the owner; the app's transport still lives.
        await forgetful.forget(sessionId);
        expect(ownTransports.has(sessionId)).toBe(true);
        expect(await answer(await whoami(bob, sessionId))).toEqual({ status: 404, body: notFound });
        expect(await answer(await whoami(alice, sessionId))).toEqual({
          status: 404,
          body: notFound,
        });
        expect(await answer(await send('GET', bob, sessionId))).toEqual({
          status: 404,
          body: notFound,
        });
      } finally {
        for (const transport of ownTransports.values()) await transport.close();
        app = served;
      }
    }, 60_000);

    it('a session the store refuses for its owner (not asked before) is not answered as a full server', async () => {
      const served = app;
      // A shared store with a per-owner cap but no isFullFor: only open refuses.
      const perPair = new (class extends InMemoryMcpSessionOwners {
        override isFullFor = undefined as never;
      })({ maxSessionsPerOwner: 1 });
      const ownTransports = new Map<string, Closable>();
      app = ENTRIES[entry](guard, mcpUrl, new McpSessionBinding({ store: perPair }), ownTransports);
      try {
        const alice = await tokenOf('finance-agent', 'alice');
        const first = await open(alice);
        const refused = await answer(await send('POST', alice, undefined, ANOTHER_INITIALIZE));
        expect(refused).toEqual(OWNER_SESSIONS_FULL);
        expect((await send('DELETE', alice, first)).status).toBe(200);
      } finally {
        app = served;
      }
    }, 60_000);

    it('two sessions of one pair opened at the very same moment for its last place: the second is refused 429 saying so, not the SDK’s 400', async () => {
      const served = app;
      // Once racing, each open waits for the other: both passed the cap's check before either
      // keeps its owner, as two requests that arrive together do.
      let racing = false;
      let asked = 0;
      let bothAsked: () => void = () => undefined;
      const together = new Promise<void>((resolve) => {
        bothAsked = resolve;
      });
      const racingStore = new (class extends InMemoryMcpSessionOwners {
        override async open(sessionId: string, owner: string) {
          if (racing) {
            asked += 1;
            if (asked === 2) bothAsked();
            await together;
          }
          return super.open(sessionId, owner);
        }
      })({ maxSessionsPerOwner: 2 });
      const ownTransports = new Map<string, Closable>();
      app = ENTRIES[entry](
        guard,
        mcpUrl,
        new McpSessionBinding({ store: racingStore }),
        ownTransports,
      );
      try {
        const alice = await tokenOf('finance-agent', 'alice');
        await open(alice);
        racing = true;
        const answers = await Promise.all([
          send('POST', alice, undefined, INITIALIZE),
          send('POST', alice, undefined, INITIALIZE),
        ]);
        const refused = answers.find((response) => response.status !== 200);
        const opened = answers.find((response) => response.status === 200);
        expect(opened?.headers.get('mcp-session-id')).toEqual(expect.any(String));
        expect(refused?.headers.get('cache-control')).toBe('no-store');
        expect(refused?.headers.get('mcp-session-id')).toBeNull();
        expect(await answer(refused as Response)).toEqual(OWNER_SESSIONS_FULL);
        await expect.poll(() => audits.map((event) => event.status)).toContain(429);
        expect(racingStore.size).toBe(2);
      } finally {
        for (const transport of ownTransports.values()) await transport.close();
        app = served;
      }
    }, 60_000);

    /** A store of the app's own, shared by its processes (as on Redis): the owners it was given. */
    function sharedStore() {
      const kept = new Map<string, string>();
      const store = {
        kept,
        open: async (sessionId: string, owner: string) => {
          kept.set(sessionId, owner);
          return true;
        },
        ownerOf: async (sessionId: string) => kept.get(sessionId),
        forget: async (sessionId: string) => void kept.delete(sessionId),
      };
      return store;
    }

    const hex = (bytes: ArrayBuffer | Uint8Array) =>
      Array.from(new Uint8Array(bytes), (byte) => byte.toString(16).padStart(2, '0')).join('');

    it('a shared store keeps the owner as an HMAC-SHA-256 under ownerDigestKey: not the plain SHA-256 of the pair, which anyone reading the store could recompute', async () => {
      const served = app;
      const shared = sharedStore();
      const key = crypto.getRandomValues(new Uint8Array(32));
      const ownTransports = new Map<string, Closable>();
      const logged = (['log', 'info', 'warn', 'error', 'debug'] as const).map((level) =>
        vi.spyOn(console, level),
      );
      app = ENTRIES[entry](
        guard,
        mcpUrl,
        new McpSessionBinding({ store: shared, ownerDigestKey: key }),
        ownTransports,
      );
      try {
        const alice = await tokenOf('finance-agent', 'alice');
        const sessionId = await open(alice);
        const owner = shared.kept.get(sessionId) as string;
        // The pair as the guard admitted it.
        const decision = await guard.checkRequest(
          new Request(mcpUrl, { headers: { authorization: `Bearer ${alice}` } }),
        );
        if (decision.decision !== 'ALLOW') throw new Error('alice refused');
        const { subject } = decision;
        const pair = new TextEncoder().encode(
          JSON.stringify([
            subject.vendor,
            subject.agent.raw.iss ?? null,
            subject.agent.id,
            subject.human.sub,
            subject.human.oid ?? null,
          ]),
        );
        const unkeyed = hex(await crypto.subtle.digest('SHA-256', pair));
        expect(owner).not.toContain(unkeyed);
        const hmacKey = await crypto.subtle.importKey(
          'raw',
          key,
          { name: 'HMAC', hash: 'SHA-256' },
          false,
          ['sign'],
        );
        const sign = async (label: string, data = new Uint8Array()) => {
          const input = new Uint8Array([...new TextEncoder().encode(label), ...data]);
          return hex(await crypto.subtle.sign('HMAC', hmacKey, input));
        };
        const keyId = (await sign('dual-auth MCP session owner key id v1\0')).slice(0, 8);
        expect(owner).toBe(`${keyId}.${await sign('dual-auth MCP session owner v1\0', pair)}`);
        expect(await whoamiAnswer(await whoami(alice, sessionId))).toEqual({
          agent: 'finance-agent',
          human: actOf(idp, 'alice').sub,
        });
        // Neither the key nor the owner is in any record or log line.
        const written = JSON.stringify([audits, logged.map((spy) => spy.mock.calls)]);
        for (const secret of [hex(key), btoa(String.fromCharCode(...key)), owner, unkeyed]) {
          expect(written).not.toContain(secret);
        }
      } finally {
        for (const transport of ownTransports.values()) await transport.close();
        app = served;
      }
    }, 60_000);

    it('bindings with different keys cannot read each other’s owners (404, a new session); a key listed after the first still verifies', async () => {
      const served = app;
      const shared = sharedStore();
      const [oldKey, newKey] = [1, 2].map(() => crypto.getRandomValues(new Uint8Array(32)));
      const ownTransports = new Map<string, Closable>();
      const serve = (ownerDigestKey: Uint8Array | Uint8Array[]) => {
        const binding = new McpSessionBinding({ store: shared, ownerDigestKey });
        app = ENTRIES[entry](guard, mcpUrl, binding, ownTransports);
      };
      try {
        const alice = await tokenOf('finance-agent', 'alice');
        const bob = await tokenOf('finance-agent', 'bob');
        serve(oldKey as Uint8Array);
        const sessionId = await open(alice);
        // Another deployment's key, or the old one dropped: the session is unknown to it.
        serve(newKey as Uint8Array);
        expect(await answer(await whoami(alice, sessionId))).toEqual({
          status: 404,
          body: notFound,
        });
        expect(await answer(await whoami(bob, sessionId))).toEqual({ status: 404, body: notFound });
        // Rotating: the new key signs, the old one still verifies.
        serve([newKey, oldKey] as Uint8Array[]);
        expect(await whoamiAnswer(await whoami(alice, sessionId))).toEqual({
          agent: 'finance-agent',
          human: actOf(idp, 'alice').sub,
        });
        expect(await answer(await whoami(bob, sessionId))).toEqual({ status: 403, body: refusal });
        const fresh = await open(alice);
        serve(newKey as Uint8Array);
        expect(await whoamiAnswer(await whoami(alice, fresh))).toEqual({
          agent: 'finance-agent',
          human: actOf(idp, 'alice').sub,
        });
        expect(await answer(await whoami(bob, fresh))).toEqual({ status: 403, body: refusal });
      } finally {
        for (const transport of ownTransports.values()) await transport.close();
        app = served;
      }
    }, 60_000);
  },
);
