import { createRecordingLogger, startHttpsServer, type TestHttpsServer } from '@dual-auth/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { VaultSecretsBackend } from './vault-secrets-backend.js';

// A timeout past what a timer holds (2^31-1 ms, ~24.8 days: `timeoutMs: 1e10` or
// `Number.MAX_SAFE_INTEGER` written for "no deadline") was taken, and the timer fired after 1 ms:
// every read failed at once as "Vault did not answer". `timeoutMs: 0` (AWS's and Azure's "no
// deadline") aborted every request at once too.

const servers: TestHttpsServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function vault(): Promise<TestHttpsServer> {
  const server = await startHttpsServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      req.url?.includes('lookup-self')
        ? JSON.stringify({ data: { policies: ['default'] } })
        : JSON.stringify({ data: { data: { value: 'attack-test-value' } } }),
    );
  });
  servers.push(server);
  return server;
}

function backend(server: TestHttpsServer, timeoutMs: number): VaultSecretsBackend {
  return new VaultSecretsBackend({
    env: { VAULT_ADDR: server.url, VAULT_TOKEN: 'hvs.attack-test-only-token' },
    caPem: server.ca.caPem,
    timeoutMs,
    logger: createRecordingLogger(),
  });
}

describe('VaultSecretsBackend timeoutMs out of a timer range', () => {
  it.each([3_000_000_000, Number.MAX_SAFE_INTEGER, 0])(
    'timeoutMs %d is refused at creation, saying what to pass',
    async (timeoutMs) => {
      const server = await vault();
      expect(() => backend(server, timeoutMs)).toThrow(
        /^options\.timeoutMs must be a whole number of milliseconds from 1 to 2147483647/,
      );
    },
  );

  it('the largest timer delay reads the secret', async () => {
    const server = await vault();
    await expect(backend(server, 2_147_483_647).getSecret('AGENT_CLIENT_SECRET')).resolves.toBe(
      'attack-test-value',
    );
  });
});
