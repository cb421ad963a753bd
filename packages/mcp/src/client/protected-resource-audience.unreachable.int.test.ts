import { startHttpsServer, type TestHttpsServer } from '@dual-auth/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstRefusal } from '../../test/support/first-refusal.js';

// The runtime's own failures, not shaped ones: a loopback TLS server whose CA this process does
// not trust (the global fetch), and a port nothing listens on any more.

let server: TestHttpsServer;

beforeAll(async () => {
  server = await startHttpsServer((_req, res) => res.end('{}'));
}, 60_000);
afterAll(() => server?.close());

describe('dualAuthFetch: metadata of a server that cannot be reached, over real sockets', () => {
  it('names the untrusted certificate of a server whose CA the global fetch does not trust', async () => {
    const { error, asked } = await firstRefusal(server.url, undefined);
    expect(error).toMatchObject({ name: 'ResourceRefusedError', reason: 'unreadable-metadata' });
    expect(error?.message).toMatch(/TLS certificate check failed \([A-Z_]+\)/);
    expect(error?.message).toMatch(/NODE_EXTRA_CA_CERTS/);
    expect(asked).toBe(0);
  }, 60_000);

  it('says a port that does not listen could not be reached', async () => {
    const closed = await startHttpsServer((_req, res) => res.end('{}'));
    await closed.close();
    const { error } = await firstRefusal(closed.url, closed.fetch);
    expect(error).toMatchObject({ reason: 'unreadable-metadata' });
    expect(error?.message).toMatch(/could not be reached \(network error\)/);
  }, 60_000);
});
