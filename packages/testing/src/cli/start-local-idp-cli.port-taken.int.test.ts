import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startLocalIdpCli } from './start-local-idp-cli.js';

// New user (session 37): a second `dual-auth-idp` (the first still running in another terminal)
// stopped with "listen EADDRINUSE: address already in use 127.0.0.1:8443", Node's words, which
// say neither what holds the port nor what to do. It now says both, and writes nothing.

let dir: string;
let holder: Server;
let port: number;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dual-auth-idp-port-'));
  holder = createServer();
  await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
  port = (holder.address() as { port: number }).port;
});
afterAll(async () => {
  await new Promise((resolve) => holder.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

it('a port another process holds: refused saying so and naming --port, nothing written', async () => {
  const refused = await startLocalIdpCli(
    ['--vendor', 'keycloak', '--port', String(port), '--out', join(dir, '.env')],
    dir,
    () => undefined,
  ).then(
    () => undefined,
    (error: unknown) => error as Error,
  );
  expect(refused?.message).toContain(`127.0.0.1:${port} is taken`);
  expect(refused?.message).toContain('an earlier dual-auth-idp');
  expect(refused?.message).toContain('--port');
  expect(await readdir(dir)).toEqual([]);
}, 30_000);
