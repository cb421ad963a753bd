import { startHttpsServer, type TestHttpsServer } from '@dual-auth/testing';
import { Agent, fetch } from 'undici';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { warmConnections } from './warm-connections.js';

let server: TestHttpsServer;
const sockets = new Set<unknown>();
beforeAll(async () => {
  server = await startHttpsServer((req, res) => {
    sockets.add(req.socket);
    req.resume();
    res.writeHead(400).end();
  });
});
afterAll(() => server.close());

it('opens one connection per worker before the run, so no request of the run waits for a handshake', async () => {
  const dispatcher = new Agent({ connect: { ca: server.ca.caPem } });
  try {
    await warmConnections(dispatcher, `${server.url}/invoke`, 8);
    const warmed = sockets.size;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        const response = await fetch(`${server.url}/invoke`, {
          dispatcher,
          method: 'POST',
          body: '{}',
        });
        await response.arrayBuffer();
      }),
    );
    expect(warmed).toBe(8);
    expect(sockets.size).toBe(8); // the run's 8 concurrent requests reused the warm connections
  } finally {
    await dispatcher.close();
  }
});
