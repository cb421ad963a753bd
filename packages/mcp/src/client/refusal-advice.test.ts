import { describe, expect, it } from 'vitest';
import { ANSWERING_MCP, dualAuthFetchAnswering } from '../../test/support/answering-fetch.js';

// A 401 that was not renewed says why: the server sent no challenge to renew on (a bare `Bearer`),
// or the body could only be sent once. Advice to pass the body as a string is for the second only.
const MCP = ANSWERING_MCP;
const sendAnswering = dualAuthFetchAnswering;

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
