import { once } from 'node:events';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdapter, TokenRequestError } from '@dual-auth/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keycloakPlugin } from './index.js';

// Attack (deadlines): a token endpoint that sends its status and headers at once, then its body one
// byte a second, for ever. The adapter must give up at its deadline (timeoutMs per attempt,
// totalTimeoutMs for all), reject with a retryable TokenRequestError, and close the connection,
// not keep reading (or holding the socket) as long as the endpoint drips.

let server: Server;
let url: string;
const open = new Set<ServerResponse>();
let closed = 0;

beforeAll(async () => {
  server = createServer((request, response) => {
    request.resume();
    response.writeHead(200, { 'content-type': 'application/json' });
    response.write('{');
    open.add(response);
    const drip = setInterval(() => response.write(' '), 1_000);
    response.on('close', () => {
      clearInterval(drip);
      open.delete(response);
      closed += 1;
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/realms/r/protocol/openid-connect/token`;
});
afterAll(async () => {
  for (const response of open) response.destroy();
  server.close();
});

describe('held: a token endpoint that drips its body', () => {
  it('is cut at the deadline with a TokenRequestError, and its connections are closed', async () => {
    const adapter = await createAdapter(undefined, {
      env: {
        DUAL_AUTH_VENDOR: 'keycloak',
        KEYCLOAK_TOKEN_URL: url,
        AGENT_CLIENT_ID: 'finance-agent',
        AGENT_CLIENT_SECRET: 'not-a-real-secret',
      },
      plugins: [keycloakPlugin],
      allowInsecureLoopback: true,
      timeoutMs: 1_500,
      totalTimeoutMs: 4_000,
    });
    const error = await adapter
      .requestToken({ agentId: 'finance-agent', act: { sub: 'u-1' }, scope: ['s'] })
      .catch((e: unknown) => e);
    expect(TokenRequestError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ retryable: true });
    // Every connection the adapter opened is closed by it (the server never ends one).
    for (let i = 0; i < 600 && open.size > 0; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(open.size).toBe(0);
    expect(closed).toBeGreaterThan(0);
  });
});
