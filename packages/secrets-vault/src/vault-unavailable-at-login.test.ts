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

// wave34/reviewc: the same at an AppRole or Kubernetes login (the first call of a backend without
// VAULT_TOKEN): a sealed Vault's 503 came with the hint to check VAULT_ROLE_ID and VAULT_SECRET_ID
// ("secret ids expire and may be single-use"), sending the operator to issue a new secret id.
const SECRET_ID = 'test-only-secret-id-7f3a';

async function vaultLoginAnswering(status: number, errors: string[]) {
  server = await startHttpsServer((_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ errors }));
  });
  return new VaultSecretsBackend({
    env: { VAULT_ADDR: server.url, VAULT_ROLE_ID: 'role-id', VAULT_SECRET_ID: SECRET_ID },
    caPem: server.ca.caPem,
    logger: createRecordingLogger(),
  });
}

it.each([
  [503, 'Vault is sealed'],
  [500, `internal error for secret_id ${SECRET_ID}`],
  [429, 'request path "auth/approle/login": rate limit quota exceeded'],
])(
  "a Vault answering %i at the AppRole login is Vault's error, not the credentials'",
  async (status, reason) => {
    const backend = await vaultLoginAnswering(status, [reason]);
    const error = await secretsBackendFailure(backend.getSecret('AGENT_CLIENT_SECRET'));
    expect(error.message).toMatch(/^Vault error at the AppRole login \(auth\/approle\/login\): /);
    expect(error.hint).toMatch(/not the credentials': see the cause and the Vault server logs/);
    expect(error.hint).not.toContain('VAULT_SECRET_ID');
    for (const shown of [error.message, String(error.cause), JSON.stringify(error)]) {
      expect(shown).not.toContain(SECRET_ID);
    }
  },
  30_000,
);

it('a refused AppRole login (400) still says to check the role and secret ids', async () => {
  const backend = await vaultLoginAnswering(400, ['invalid role or secret ID']);
  const error = await secretsBackendFailure(backend.getSecret('AGENT_CLIENT_SECRET'));
  expect(error.message).toMatch(/^Vault AppRole authentication failed: /);
  expect(error.hint).toMatch(/Check VAULT_ROLE_ID and VAULT_SECRET_ID/);
}, 30_000);
