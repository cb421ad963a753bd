import { inspect } from 'node:util';
import { ApiCallError, type TokenProvider } from '@dual-auth/core';
import { startHttpsServer, type TestHttpsServer } from '@dual-auth/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toolToken } from '../../test/support/tool-calling.js';
import { dualAuthFetch } from './dual-auth-fetch.js';

// A first-time integration under load (200 MCP clients connecting at once) saw Node's
// `TypeError: fetch failed` come out of dualAuthFetch as it was, where Bun's timeouts came as
// ApiCallError: a TypeError reads as a wrong option (the house rule), and says nothing of what to
// do. A request that got no answer is an ApiCallError, as `@dual-auth/client` makes it: `network`
// or `tls`, its message saying what to check. Real loopback HTTPS servers; only outcomes asserted.

let server: TestHttpsServer;
/** A server whose certificate comes from another CA than the one `server.fetch` trusts. */
let untrusted: TestHttpsServer;

beforeAll(async () => {
  server = await startHttpsServer((_req, res) => res.end('{"ok":true}'));
  untrusted = await startHttpsServer((_req, res) => res.end('{"ok":true}'));
});

afterAll(async () => {
  await server.close();
  await untrusted.close();
});

const tokenProvider = {
  identity: { agentId: 'finance-agent', humanId: 'u-1' },
  getToken: async () => toolToken,
} as TokenProvider;

const fetchTo = (origin: string) =>
  dualAuthFetch({ origin, tokenProvider, resourceMetadata: 'off', fetch: server.fetch });

async function rejection(pending: Promise<unknown>): Promise<unknown> {
  return pending.then(
    () => expect.unreachable('it should have been refused'),
    (error: unknown) => error,
  );
}

function expectNoCredential(error: unknown) {
  for (const shown of [String(error), JSON.stringify(error), inspect(error, { depth: 4 })]) {
    expect(shown).not.toContain(toolToken.accessToken);
    expect(shown).not.toContain(String(toolToken.actAssertion));
  }
}

describe('dualAuthFetch: a request that gets no answer', () => {
  it('is an ApiCallError (network) saying what to check, when the server is down', async () => {
    const send = fetchTo(server.url);
    expect((await send(`${server.url}/mcp`, { method: 'POST', body: '{}' })).status).toBe(200);
    await server.stop();
    try {
      const error = await rejection(send(`${server.url}/mcp?x=1`, { method: 'POST', body: '{}' }));
      expect(ApiCallError.isInstance(error)).toBe(true);
      expect(error).not.toBeInstanceOf(TypeError);
      expect(error).toMatchObject({ reason: 'network', method: 'POST', url: `${server.url}/mcp` });
      expect((error as Error).message).toMatch(/could not be reached.*check its URL/);
      expect((error as Error).cause).toBeInstanceOf(TypeError);
      expectNoCredential(error);
    } finally {
      await server.start();
    }
  });

  it('is an ApiCallError (tls) naming the check and how to trust the CA', async () => {
    const error = await rejection(
      fetchTo(untrusted.url)(`${untrusted.url}/mcp`, { method: 'POST' }),
    );
    expect(ApiCallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ reason: 'tls', method: 'POST', url: `${untrusted.url}/mcp` });
    expect((error as Error).message).toMatch(/TLS certificate check failed \(\w+\)/);
    expect((error as Error).message).toContain('NODE_EXTRA_CA_CERTS');
    expectNoCredential(error);
  });

  it('still rejects with the caller’s own reason when the caller aborts', async () => {
    const reason = new Error('the caller gave up');
    const error = await rejection(
      fetchTo(server.url)(`${server.url}/mcp`, {
        method: 'POST',
        signal: AbortSignal.abort(reason),
      }),
    );
    expect(error).toBe(reason);
  });
});
