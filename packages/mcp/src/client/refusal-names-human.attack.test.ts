import { inspect } from 'node:util';
import type { DualSubjectToken, TokenProvider } from '@dual-auth/core';
import { expect, it } from 'vitest';
import { oneAnswerServer } from '../../test/support/one-answer-server.js';
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
const server = oneAnswerServer(
  403,
  {
    'www-authenticate':
      'Bearer error="insufficient_scope", error_description="aliddell (Liddell, Alice) may not call this tool"',
  },
  '{"failed_side":"human"}',
);

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
  const error = await server.rejectionOf(tokenProvider);
  expect(McpCallRefusedError.isInstance(error)).toBe(true);
  const refused = error as McpCallRefusedError;
  expect(refused.errorDescription).toBe('***REDACTED*** (***REDACTED***) may not call this tool');
  for (const text of [refused.message, String(error), JSON.stringify(error), inspect(error)]) {
    expect(text).not.toMatch(/alice|liddell/i);
  }
});
