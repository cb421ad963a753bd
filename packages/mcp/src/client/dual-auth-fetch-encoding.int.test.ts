import { ApiCallError, type TokenProvider } from '@dual-auth/core';
import { expect, it } from 'vitest';
import { oneAnswerServer } from '../../test/support/one-answer-server.js';
import { toolToken } from '../../test/support/tool-calling.js';

// wave27: an MCP server answering with more Content-Encodings than undici decodes (5) got the
// message of a server down ("could not be reached (network error): check its URL and that it
// listens"), which sends the caller to check the wrong thing. It is `encoding`, and says so.

const server = oneAnswerServer(200, { 'content-encoding': 'gzip, '.repeat(6).slice(0, -2) }, 'x');

it('an answer with too many content codings is an ApiCallError `encoding` that says what happened', async () => {
  const tokenProvider = {
    identity: { agentId: 'finance-agent', humanId: 'u-1' },
    getToken: async () => toolToken,
  } as TokenProvider;
  const error = await server.rejectionOf(tokenProvider);
  expect(ApiCallError.isInstance(error)).toBe(true);
  expect(error).toMatchObject({ reason: 'encoding', method: 'POST', url: server.mcpUrl() });
  expect((error as Error).message).toContain(
    'the server answered with more Content-Encodings than a client decodes (at most 5): retrying will not help, the server must send fewer',
  );
});
