import { createServer, type Server, type Socket } from 'node:net';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AwsSecretsBackend } from './aws-secrets-backend.js';

// Attack review brk23 (session 11), wave11/fixupg11b: the cache's load deadline is now derived
// from the backend's own timeouts; a client passed in without totalTimeoutMs derives "0 = no
// deadline", 2^31-1 ms (24.8 days). Before it, core's 30 s load deadline cut a stalled read.
// The store is a real loopback TCP server that accepts and never answers (a black-holed path);
// the client is the real SDK client, built the way the README's "pass your own client" shows.

let server: Server | undefined;
const sockets: Socket[] = [];

afterEach(async () => {
  vi.useRealTimers();
  for (const socket of sockets.splice(0)) socket.destroy();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

async function silentStore(): Promise<string> {
  server = createServer((socket) => {
    sockets.push(socket);
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return `http://127.0.0.1:${address.port}`;
}

describe('AWS backend with a client passed in, against a stalled store (brk23)', () => {
  it('a stalled store does not hold every read of the key for 24.8 days', async () => {
    const endpoint = await silentStore();
    const client = new SecretsManagerClient({
      region: 'eu-west-1',
      endpoint,
      credentials: { accessKeyId: 'AKIDTESTONLY', secretAccessKey: 'test-only-secret-key' },
    });
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const backend = new AwsSecretsBackend({ client, env: {} });
    const outcomes: string[] = [];
    const reads = Array.from({ length: 3 }, () =>
      backend.getSecret('AGENT_CLIENT_SECRET').then(
        () => outcomes.push('value'),
        (error: unknown) => outcomes.push((error as Error).name),
      ),
    );
    await vi.waitFor(() => expect(sockets.length).toBeGreaterThan(0), { timeout: 20_000 });
    // Ten minutes of (fake) time: twenty times the 30 s the cache allowed before wave11.
    await vi.advanceTimersByTimeAsync(600_000);
    expect(outcomes).toEqual(['SecretsBackendError', 'SecretsBackendError', 'SecretsBackendError']);
    for (const socket of sockets) socket.destroy();
    await Promise.all(reads);
  });
});
