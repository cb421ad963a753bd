import type { DualSubjectToken, TokenProvider } from '@dual-auth/core';
import { describe, expect, it } from 'vitest';
import { dualAuthFetch } from './dual-auth-fetch.js';

// A 401 that was not renewed says why: the server sent no challenge to renew on (a bare `Bearer`),
// or the body could only be sent once. Advice to pass the body as a string is for the second only.
const MCP = 'https://mcp.example.com';
const token = {
  accessToken: 'access.token.1',
  tokenType: 'Bearer',
  expiresIn: 300,
  scope: 'finance.read',
  expiresAt: 2_000_000_000_000,
} as DualSubjectToken;
const provider: TokenProvider = { getToken: async () => token };

function sendAnswering(answer: () => Response) {
  return dualAuthFetch({
    resourceMetadata: 'off',
    origin: MCP,
    tokenProvider: provider,
    fetch: (async () => answer()) as typeof fetch,
  });
}

const messageOf = (pending: Promise<unknown>) =>
  pending.then(
    () => '',
    (e: unknown) => (e as Error).message,
  );

describe('the advice of a 401 that was not renewed', () => {
  it('no renewable challenge (bare Bearer), string body: no advice about the body', async () => {
    const bare = () =>
      new Response('{}', { status: 401, headers: { 'www-authenticate': 'Bearer' } });
    const message = await messageOf(
      sendAnswering(bare)(`${MCP}/mcp`, { method: 'POST', body: '{}' }),
    );
    expect(message).toMatch(/HTTP 401/);
    expect(message).not.toMatch(/string or bytes/);
    expect(message).toMatch(/invalid_token/);
  });

  it('a stream body sent once: the advice names the body', async () => {
    const invalid = () =>
      new Response('{}', {
        status: 401,
        headers: { 'www-authenticate': 'Bearer error="invalid_token"' },
      });
    const body = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{}'));
        controller.close();
      },
    });
    const message = await messageOf(
      sendAnswering(invalid)(`${MCP}/mcp`, { method: 'POST', body, duplex: 'half' } as RequestInit),
    );
    expect(message).toMatch(/string or bytes/);
  });
});
