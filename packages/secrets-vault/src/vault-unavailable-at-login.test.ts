import { createRecordingLogger, startHttpsServer, type TestHttpsServer } from '@dual-auth/testing';
import { secretsBackendFailure } from '@dual-auth/testing/conformance';
import { afterEach, expect, it } from 'vitest';
import { VaultSecretsBackend } from './vault-secrets-backend.js';

// wave34/ops: the token check (auth/token/lookup-self) that opens every backend called any error
// answer a refused token: a Vault that is sealed (503 "Vault is sealed", what every path answers
// until it is unsealed) or failing (500) said "Vault authentication failed. Check credentials.",
// sending the operator to rotate a token that was fine. The README's "Vault is sealed" case was
// reached only by a backend that had logged in before Vault was sealed.

const TOKEN = 'hvs.test-only-token';
let server: TestHttpsServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function vaultAnswering(status: number, errors: string[]): Promise<VaultSecretsBackend> {
  server = await startHttpsServer((_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ errors }));
  });
  return new VaultSecretsBackend({
    env: { VAULT_ADDR: server.url, VAULT_TOKEN: TOKEN },
    caPem: server.ca.caPem,
    logger: createRecordingLogger(),
  });
}

it('a sealed Vault at the first read says so, not "Check credentials"', async () => {
  const backend = await vaultAnswering(503, ['Vault is sealed']);
  const error = await secretsBackendFailure(backend.getSecret('AGENT_CLIENT_SECRET'));
  // Before: 'Vault authentication failed. Check credentials.'
  expect(error.message).toBe(
    'Vault error checking the token (auth/token/lookup-self): Vault is sealed',
  );
  expect(error.hint).toMatch(/not the token's: see the cause and the Vault server logs/);
  expect(error).toMatchObject({ backend: 'vault', key: 'AGENT_CLIENT_SECRET' });
}, 30_000);

it("a failing Vault (500) at the first read is Vault's error, and quotes no token it echoes", async () => {
  const backend = await vaultAnswering(500, [`internal error for token ${TOKEN}`]);
  const error = await secretsBackendFailure(backend.getSecret('AGENT_CLIENT_SECRET'));
  expect(error.message).toMatch(/^Vault error checking the token \(auth\/token\/lookup-self\): /);
  expect(error.message).not.toContain('Check credentials');
  for (const shown of [error.message, String(error.cause), JSON.stringify(error)]) {
    expect(shown).not.toContain(TOKEN);
  }
}, 30_000);

it('a refused token (403) is still "Check credentials"', async () => {
  const backend = await vaultAnswering(403, ['permission denied']);
  const error = await secretsBackendFailure(backend.getSecret('AGENT_CLIENT_SECRET'));
  expect(error.message).toBe('Vault authentication failed. Check credentials.');
}, 30_000);
