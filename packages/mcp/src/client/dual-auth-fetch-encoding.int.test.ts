import { ApiCallError, type TokenProvider } from '@dual-auth/core';
import { startHttpsServer, type TestHttpsServer } from '@dual-auth/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { toolToken } from '../../test/support/tool-calling.js';
import { dualAuthFetch } from './dual-auth-fetch.js';

// wave27: an MCP server answering with more Content-Encodings than undici decodes (5) got the
// message of a server down ("could not be reached (network error): check its URL and that it
// listens"), which sends the caller to check the wrong thing. It is `encoding`, and says so.

let server: TestHttpsServer;

beforeAll(async () => {
  server = await startHttpsServer((_req, res) => {
    res.writeHead(200, { 'content-encoding': 'gzip, '.repeat(6).slice(0, -2) });
    res.end('x');
  });
});

afterAll(() => server.close());

it('an answer with too many content codings is an ApiCallError `encoding` that says what happened', async () => {
  const tokenProvider = {
    identity: { agentId: 'finance-agent', humanId: 'u-1' },
    getToken: async () => toolToken,
  } as TokenProvider;
  const send = dualAuthFetch({
    origin: server.url,
    tokenProvider,
    resourceMetadata: 'off',
    fetch: server.fetch,
  });
  const error = await send(`${server.url}/mcp`, { method: 'POST', body: '{}' }).then(
    () => expect.unreachable('it should have been refused'),
    (e: unknown) => e,
  );
  expect(ApiCallError.isInstance(error)).toBe(true);
  expect(error).toMatchObject({ reason: 'encoding', method: 'POST', url: `${server.url}/mcp` });
  expect((error as Error).message).toContain(
    'the server answered with more Content-Encodings than a client decodes (at most 5): retrying will not help, the server must send fewer',
  );
});
