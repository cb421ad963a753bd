import type { TestHttpsServer } from '@dual-auth/testing';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type {
  StreamableHTTPServerTransport,
  StreamableHTTPServerTransportOptions,
} from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import { expect } from 'vitest';
import { getDualSubject } from '../../src/dual-subject-auth-info.js';
import type { McpSessionBinding } from '../../src/mcp-session-binding.js';

/** The MCP SDK's answer to an `mcp-session-id` it holds no transport for (404). */
export const notFound = {
  jsonrpc: '2.0',
  error: { code: -32001, message: 'Session not found' },
  id: null,
};

/** A request to an MCP server: its method, the access token, its `mcp-session-id`, its JSON-RPC message. */
export type McpRequest = [method: string, token: string, sessionId?: string, message?: unknown];

/**
 * Sends one MCP Streamable HTTP request to `mcpUrl` over the test server's TLS: the token as
 * Bearer, both answer types accepted, protocol version 2025-06-18, the `mcp-session-id` when
 * given, the message as JSON when given.
 */
export function send(
  server: TestHttpsServer,
  mcpUrl: URL,
  ...[method, token, sessionId, message]: McpRequest
): Promise<Response> {
  return server.fetch(mcpUrl, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      accept: 'application/json, text/event-stream',
      'mcp-protocol-version': '2025-06-18',
      ...(message === undefined ? {} : { 'content-type': 'application/json' }),
      ...(sessionId === undefined ? {} : { 'mcp-session-id': sessionId }),
    },
    ...(message === undefined ? {} : { body: JSON.stringify(message) }),
  });
}

/** The MCP `initialize` request (JSON-RPC id 1) of the finance agent, protocol version 2025-06-18. */
export const INITIALIZE = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: {
    protocolVersion: '2025-06-18',
    capabilities: {},
    clientInfo: { name: 'finance-agent', version: '1.0.0' },
  },
};

/**
 * Opens a session with `token` through `send` ({@link INITIALIZE}, answered 200 with a result
 * and an `mcp-session-id`, then `notifications/initialized`, answered 202): its id.
 */
export async function openSession(
  send: (...request: McpRequest) => Promise<Response>,
  token: string,
): Promise<string> {
  const response = await send('POST', token, undefined, INITIALIZE);
  expect(response.status).toBe(200);
  expect(await response.json()).toMatchObject({ jsonrpc: '2.0', id: 1, result: {} });
  const sessionId = response.headers.get('mcp-session-id');
  expect(sessionId).toEqual(expect.any(String));
  const initialized = { jsonrpc: '2.0', method: 'notifications/initialized' };
  expect((await send('POST', token, sessionId as string, initialized)).status).toBe(202);
  return sessionId as string;
}

/** A transport the test can close as the server would (an idle session). */
export type Closable = { close(): Promise<void> };

/** The MCP server of one session: `whoami` answers the human and agent of each call's token. */
function whoamiServer(): McpServer {
  const server = new McpServer({ name: 'finance', version: '1.0.0' });
  server.registerTool('whoami', {}, async (extra) => {
    const subject = getDualSubject(extra.authInfo);
    const text = JSON.stringify({ agent: subject?.agent.id, human: subject?.human.sub });
    return { content: [{ type: 'text', text }] };
  });
  return server;
}

/** The place of a stateful server's sessions: its binding and its transports by session id. */
export interface StatefulSessions {
  readonly sessions: McpSessionBinding;
  readonly transports: Map<string, Closable>;
}

/**
 * The transport of one request to a stateful server, for either of the SDK's transports: with an
 * `mcp-session-id` (`sessionId`), the session's own, `undefined` when none is kept (the caller
 * answers 404 {@link notFound}); without, a new one whose options `sessions` binds to the pair of
 * `authInfo`, kept in `transports` once initialized, dropped and its owner forgotten when it
 * closes, the `whoami` server connected.
 */
export async function sessionTransport<
  T extends StreamableHTTPServerTransport | WebStandardStreamableHTTPServerTransport,
>(
  Transport: new (options: StreamableHTTPServerTransportOptions) => T,
  sessionId: string | undefined,
  authInfo: AuthInfo | undefined,
  { sessions, transports }: StatefulSessions,
): Promise<T | undefined> {
  if (sessionId !== undefined) return transports.get(sessionId) as T | undefined;
  const transport: T = new Transport(
    sessions.transportOptions(authInfo, {
      sessionIdGenerator: () => crypto.randomUUID(),
      enableJsonResponse: true,
      onsessioninitialized: (id) => void transports.set(id, transport),
    }),
  );
  transport.onclose = () => {
    if (transport.sessionId !== undefined) transports.delete(transport.sessionId);
    void sessions.forget(transport.sessionId);
  };
  await whoamiServer().connect(transport);
  return transport;
}
