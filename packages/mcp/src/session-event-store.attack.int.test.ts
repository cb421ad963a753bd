import type { LocalIdp, TestHttpsServer } from '@dual-auth/testing';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startExpressMcp } from '../test/support/express-mcp.js';
import { closeLocalMcp } from '../test/support/local-mcp.js';
import { OrderedEventStore } from '../test/support/ordered-event-store.js';
import { exchangedAccessToken } from '../test/support/token-exchange-idp.js';
import { getDualSubject } from './dual-subject-auth-info.js';
import { requireDualAuth } from './express/index.js';
import { McpSessionBinding } from './mcp-session-binding.js';

// Attack (session 36, attack3): a stateful server with resumability gives its transports an
// `eventStore`, one for the server as the MCP SDK's is written (its ids name a stream, not a
// session). The binding refuses another pair's request naming Alice's `mcp-session-id`, but Bob,
// in a session of his own, sent GET with `Last-Event-ID` set to an event id of Alice's stream (an
// SSE `id:` line a proxy logged, as it logs session ids): his transport replayed Alice's tool
// answers to him. Each transport built with `transportOptions` now reads only its own events.

const PROTOCOL = '2025-11-25'; // priming events (an SSE id before the first message): resumable

let idp: LocalIdp;
let notes = 0;
let server: TestHttpsServer;
let mcpUrl: URL;

beforeAll(async () => {
  ({ server, mcpUrl, idp } = await startExpressMcp((guard, resourceServerUrl) => {
    const sessions = new McpSessionBinding();
    const eventStore = new OrderedEventStore(); // the server's one store
    const transports = new Map<string, StreamableHTTPServerTransport>();
    const app = express();
    app.all('/mcp', requireDualAuth({ guard, resourceServerUrl, sessions }), express.json());
    app.all('/mcp', async (req, res) => {
      const sessionId = req.header('mcp-session-id');
      const kept = sessionId === undefined ? undefined : transports.get(sessionId);
      if (kept !== undefined) return kept.handleRequest(req, res, req.body);
      const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport(
        sessions.transportOptions(req.auth, {
          sessionIdGenerator: () => crypto.randomUUID(),
          eventStore,
          onsessioninitialized: (id: string) => void transports.set(id, transport),
        }),
      );
      const mcp = new McpServer(
        { name: 'finance', version: '1.0.0' },
        { capabilities: { logging: {} } },
      );
      // A message on the session's own GET stream (no request of its own), then that stream ended.
      mcp.registerTool('note', {}, async (extra) => {
        const text = `note ${++notes} for ${getDualSubject(extra.authInfo)?.human.sub}`;
        await mcp.server.sendLoggingMessage({ level: 'info', data: text });
        transport.closeStandaloneSSEStream();
        return { content: [{ type: 'text', text }] };
      });
      mcp.registerTool('balance', {}, async (extra) => ({
        content: [
          { type: 'text', text: `balance of ${getDualSubject(extra.authInfo)?.human.sub}` },
        ],
      }));
      await mcp.connect(transport);
      await transport.handleRequest(req, res, req.body);
    });
    return app;
  }));
});
afterAll(() => closeLocalMcp({ server, idp }));

/** A request to the server; the answer's SSE events read whole (the POST streams end). */
async function send(token: string, method: string, sessionId?: string, message?: unknown) {
  const response = await server.fetch(mcpUrl, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      accept: 'application/json, text/event-stream',
      'mcp-protocol-version': PROTOCOL,
      ...(sessionId === undefined ? {} : { 'mcp-session-id': sessionId }),
      ...(message === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(message === undefined ? {} : { body: JSON.stringify(message) }),
  });
  return response;
}

/** The SSE events of a stream that ends: `id` and `data` of each. */
async function events(response: Response): Promise<{ id: string | undefined; data: string }[]> {
  const text = await response.text();
  return text
    .split('\n\n')
    .filter((block) => block.trim() !== '')
    .map((block) => ({
      id: /^id: (.*)$/m.exec(block)?.[1],
      data: /^data: ?(.*)$/m.exec(block)?.[1] ?? '',
    }));
}

/**
 * The text of a GET answer up to `until` or its end: a refusal ends, a replay holds `until`
 * (the test's timeout bounds a stream that does neither).
 */
async function firstText(response: Response, until: string): Promise<string> {
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let text = '';
  while (!text.includes(until)) {
    const chunk = await reader.read();
    if (chunk.done) break;
    text += decoder.decode(chunk.value, { stream: true });
  }
  await reader.cancel();
  return text;
}

async function openSession(token: string): Promise<string> {
  const initialize = {
    jsonrpc: '2.0',
    id: 1,
    method: 'initialize',
    params: {
      protocolVersion: PROTOCOL,
      capabilities: {},
      clientInfo: { name: 'a', version: '1' },
    },
  };
  const response = await send(token, 'POST', undefined, initialize);
  expect(response.status).toBe(200);
  const sessionId = response.headers.get('mcp-session-id') as string;
  await events(response);
  const initialized = { jsonrpc: '2.0', method: 'notifications/initialized' };
  expect((await send(token, 'POST', sessionId, initialized)).status).toBe(202);
  return sessionId;
}

/** Alice's session and the id of the priming event of her tool call's answer stream. */
async function aliceCalledBalance(): Promise<{
  token: string;
  sessionId: string;
  priming: string;
}> {
  const token = await exchangedAccessToken(idp, 'finance-agent', 'alice');
  const sessionId = await openSession(token);
  const call = { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'balance' } };
  const answered = await events(await send(token, 'POST', sessionId, call));
  expect(answered.map((event) => event.data).join('')).toContain('balance of');
  const priming = answered.find((event) => event.data === '')?.id;
  expect(priming).toEqual(expect.any(String));
  return { token, sessionId, priming: priming as string };
}

/** GET the session's stream, resumed after `lastEventId` when given. */
const resume = (token: string, sessionId: string, lastEventId?: string) =>
  server.fetch(mcpUrl, {
    headers: {
      authorization: `Bearer ${token}`,
      accept: 'text/event-stream',
      'mcp-protocol-version': PROTOCOL,
      'mcp-session-id': sessionId,
      ...(lastEventId === undefined ? {} : { 'last-event-id': lastEventId }),
    },
  });

/** The text of the `note` tool's answer (the note it sent on the session's GET stream). */
async function note(token: string, sessionId: string): Promise<string> {
  const call = { jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'note' } };
  const answered = await events(await send(token, 'POST', sessionId, call));
  const text = /note \d+ for [^"\\]*/.exec(answered.map((event) => event.data).join(''))?.[0];
  expect(text).toEqual(expect.any(String));
  return text as string;
}

describe('a stateful MCP server with one eventStore: resumption stays in its own session', () => {
  it("Bob's Last-Event-ID of Alice's stream, in his own session, replays none of her answers", async () => {
    const { priming } = await aliceCalledBalance();
    const bob = await exchangedAccessToken(idp, 'finance-agent', 'bob');
    const resumed = await resume(bob, await openSession(bob), priming);
    expect(await firstText(resumed, 'balance of')).not.toContain('balance of');
    // The SDK's answer to an event id its store does not hold for this session.
    expect(resumed.status).toBe(400);
  }, 60_000);

  it("Bob resuming his own GET stream is replayed none of Alice's GET stream messages", async () => {
    // Review (session 36, review36b): the SDK stores every session's GET stream as `_GET_stream`;
    // with only the event ids scoped, Bob's resumption replayed Alice's note stored after his.
    const bob = await exchangedAccessToken(idp, 'finance-agent', 'bob');
    const bobSession = await openSession(bob);
    const stream = await resume(bob, bobSession);
    const first = await note(bob, bobSession);
    const [bobsEvent] = (await events(stream)).filter((event) => event.data.includes(first));
    expect(bobsEvent?.id).toEqual(expect.any(String));
    const alice = await exchangedAccessToken(idp, 'finance-agent', 'alice');
    const alicesNote = await note(alice, await openSession(alice));

    const resumed = await resume(bob, bobSession, bobsEvent?.id);
    const second = await note(bob, bobSession); // sent on the resumed stream, which it then ends
    const text = await resumed.text();
    expect(text).toContain(second);
    expect(text).not.toContain(alicesNote);
  }, 60_000);

  it("Alice's own Last-Event-ID in her session replays her answer (held)", async () => {
    const { token, sessionId, priming } = await aliceCalledBalance();
    const resumed = await resume(token, sessionId, priming);
    expect(await firstText(resumed, 'balance of')).toContain('balance of');
  }, 60_000);
});
