import { inspect } from 'node:util';
import type { DualSubjectToken, TokenProvider } from '@dual-auth/core';
import { startHttpsServer, type TestHttpsServer } from '@dual-auth/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { dualAuthFetch } from './dual-auth-fetch.js';
import { McpCallRefusedError } from './mcp-call-refused-error.js';

const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
// A legacy-layout access token as the IdP issues it: the human in `act`.
const accessToken = `${part({ alg: 'RS256' })}.${part({
  sub: 'finance-agent',
  act: { sub: 'u-7301', name: 'Alice Liddell', preferred_username: 'aliddell' },
})}.c2ln`;

// wave27: an MCP server that names the human by name or login in its refusal's
// error_description. dualAuthFetch's McpCallRefusedError carries the description as a field and
// in its message, read through @dual-auth/client's challengeRefusal, which now blanks whom the
// token it sent names.
let server: TestHttpsServer;

beforeAll(async () => {
  server = await startHttpsServer((_req, res) => {
    res.writeHead(403, {
      'www-authenticate':
        'Bearer error="insufficient_scope", error_description="aliddell (Liddell, Alice) may not call this tool"',
    });
    res.end('{"failed_side":"human"}');
  });
});

afterAll(() => server.close());

it("keeps the human's name and login out of McpCallRefusedError", async () => {
  const tokenProvider = {
    getToken: async () =>
      ({
        accessToken,
        tokenType: 'Bearer',
        expiresIn: 300,
        scope: 'mcp',
        expiresAt: 2_000_000_000_000,
      }) as DualSubjectToken,
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
  expect(McpCallRefusedError.isInstance(error)).toBe(true);
  const refused = error as McpCallRefusedError;
  expect(refused.errorDescription).toBe('***REDACTED*** (***REDACTED***) may not call this tool');
  for (const text of [refused.message, String(error), JSON.stringify(error), inspect(error)]) {
    expect(text).not.toMatch(/alice|liddell/i);
  }
});
