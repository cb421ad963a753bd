import type { ServerResponse } from 'node:http';
import type { AdapterOptions } from '@dual-auth/core/adapter-kit';
import { heldClock, startHttpsServer, type TestHttpsServer } from '@dual-auth/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { KeycloakAdapter } from './keycloak-adapter.js';

// A slow IdP (a cold start, a busy directory) sized with timeoutMs: 45_000. Without a
// totalTimeoutMs the whole request's default deadline (30 s) must not cut that attempt short:
// a per-attempt timeout past the deadline could never be waited for. The client's default made
// the same room (packages/client/src/request-timeout-beyond-deadline.test.ts).

/** Token requests the server holds: answer one with `end`. */
const held: ServerResponse[] = [];
let server: TestHttpsServer;
beforeAll(async () => {
  server = await startHttpsServer((req, res) => {
    req.resume();
    held.push(res);
  });
});
afterAll(() => server.close());

/** A held token request sent by a Keycloak adapter built with `options` on a clock the test moves. */
async function heldRequest(options: AdapterOptions) {
  const clock = heldClock(Date.parse('2026-03-01T12:00:00Z'));
  const adapter = new KeycloakAdapter(
    {
      vendor: 'keycloak',
      tokenUrl: `${server.url}/realms/r/protocol/openid-connect/token`,
      clientId: 'agent-1',
      clientSecret: 'kc-secret-0123456789abcdef0123456789',
    },
    { fetch: server.fetch, clock, retry: false, ...options },
  );
  const before = held.length;
  const outcome = adapter
    .requestToken({ agentId: 'agent-1', act: { sub: 'u-1' }, scope: ['finance.read'] })
    .then(
      (token) => token.accessToken,
      (error: unknown) => error,
    );
  await vi.waitFor(() => expect(held).toHaveLength(before + 1), { timeout: 30_000 });
  const answer = () => {
    const res = held[before];
    res?.writeHead(200, { 'content-type': 'application/json' });
    res?.end(JSON.stringify({ access_token: 'AT', expires_in: 300, token_type: 'Bearer' }));
  };
  return { clock, outcome, answer };
}

describe('an adapter timeoutMs longer than the default totalTimeoutMs', () => {
  it('timeoutMs: 45_000 waits 45 s for the token endpoint, past the 30 s default', async () => {
    const { clock, outcome, answer } = await heldRequest({ timeoutMs: 45_000 });
    clock.advance(44_000);
    answer();
    expect(await outcome).toBe('AT');
  }, 30_000);

  it('still ends at the default deadline: timeoutMs + 10 s', async () => {
    const { clock, outcome } = await heldRequest({ timeoutMs: 45_000 });
    clock.advance(55_000);
    expect(await outcome).toMatchObject({
      name: 'TokenRequestError',
      message: 'Token request failed: No token from Keycloak within totalTimeoutMs (55000 ms)',
    });
  }, 30_000);

  it('keeps a totalTimeoutMs given with it', async () => {
    const { clock, outcome } = await heldRequest({ timeoutMs: 45_000, totalTimeoutMs: 30_000 });
    clock.advance(30_000);
    expect(await outcome).toMatchObject({
      name: 'TokenRequestError',
      message: 'Token request failed: No token from Keycloak within totalTimeoutMs (30000 ms)',
    });
  }, 30_000);
});
