import { type AddressInfo, connect, createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRecordedJourney, statusOf } from '../../test/support/recorded-journey.js';
import type { JourneyServer } from './journey-server.js';

// A use that worked on main and must keep working after the upgrade: the demo runs on a remote
// dev box and its page is opened through a port forward whose local port is another one
// (`ssh -L 9000:127.0.0.1:8780 devbox`, or VS Code forwarding 8780 to a free local port when 8780
// is taken). The browser then names `localhost:9000` in Host and Origin. The forward here is a
// plain TCP relay on another loopback port, as ssh's is.

let started: string[];
let journey: JourneyServer;
let relay: Server;
let forwarded: string;

beforeAll(async () => {
  ({ journey, started } = await startRecordedJourney());
  const target = new URL(journey.url);
  relay = createServer((socket) => {
    const upstream = connect(Number(target.port), target.hostname);
    socket.pipe(upstream).pipe(socket);
    socket.on('error', () => upstream.destroy());
    upstream.on('error', () => socket.destroy());
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
  forwarded = `localhost:${(relay.address() as AddressInfo).port}`;
}, 60_000);

afterAll(async () => {
  await new Promise<void>((resolve) => (relay ? relay.close(() => resolve()) : resolve()));
  await journey?.close();
});

/** Sends through the forward as a browser at http://{forwarded}/ would; the status. */
function send(method: string, path: string, headers: Record<string, string>, body?: string) {
  const { port } = new URL(`http://${forwarded}`);
  return statusOf({ port, method, path, headers: { host: forwarded, ...headers }, body });
}

describe('demo journey server upgrade from main', () => {
  it('serves its page through a port forward on another local port', async () => {
    expect(await send('GET', '/', {})).toBe(200);
  }, 60_000);

  it('runs a step posted by that page through the forward', async () => {
    started.length = 0;
    await send(
      'POST',
      '/api/step',
      { origin: `http://${forwarded}`, 'content-type': 'application/json' },
      JSON.stringify({ vendor: 'keycloak', mode: 'recipe', step: 'sign-in' }),
    );
    expect(started).toEqual(['keycloak']);
  }, 60_000);
});
