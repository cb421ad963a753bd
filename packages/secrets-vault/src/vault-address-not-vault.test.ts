import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  createRecordingLogger,
  startPlainHttpServer,
  type TestPlainHttpServer,
} from '@dual-auth/testing';
import { secretsBackendFailure } from '@dual-auth/testing/conformance';
import { afterEach, expect, it } from 'vitest';
import { VaultSecretsBackend } from './vault-secrets-backend.js';

// Session 35 (smalls): a VAULT_ADDR pointing at another web server (a typo'd port, the app's own
// site) answered 404 at auth/token/lookup-self, and the backend (and `dual-auth doctor`'s secrets
// check, which shows its error) said "Vault authentication failed. Check credentials.": the operator
// rotated a token that was fine. A Vault answers every error as JSON `{ "errors": [...] }`; an
// answer without it did not come from Vault.

const TOKEN = 'hvs.test-only-token-never-shown';
const SECRET_ID = 'test-only-secret-id-never-shown';
let server: TestPlainHttpServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A plain web server on loopback answering `status` with an HTML page that quotes the request. */
async function webServerAnswering(status: number): Promise<string> {
  server = await startPlainHttpServer((req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(status, { 'content-type': 'text/html' });
    res.end(
      `<html><body>Not Found: ${req.url} ${String(req.headers['x-vault-token'])}</body></html>`,
    );
  });
  return server.url;
}

function backendAt(address: string, credentials: Record<string, string>): VaultSecretsBackend {
  return new VaultSecretsBackend({
    env: { VAULT_ADDR: address, ...credentials },
    allowInsecureLoopback: true,
    logger: createRecordingLogger(),
  });
}

it('a web server that is not Vault (404 at lookup-self) is said to be no Vault, not "Check credentials"', async () => {
  const address = await webServerAnswering(404);
  const backend = backendAt(address, { VAULT_TOKEN: TOKEN });
  const error = await secretsBackendFailure(backend.getSecret('AGENT_CLIENT_SECRET'));
  // Before: 'Vault authentication failed. Check credentials.'
  expect(error.message).toBe(
    `The server at VAULT_ADDR (${address}) answered 404 at /v1/auth/token/lookup-self without Vault's JSON error ({"errors":[…]}): it does not look like Vault.`,
  );
  expect(error.hint).toContain('Check VAULT_ADDR');
  expect(error.hint).toContain(`${address}/v1/sys/health`);
  expect(error.hint).toContain('"sealed":false');
  expect(error).toMatchObject({ backend: 'vault', key: 'AGENT_CLIENT_SECRET' });
  for (const shown of [error.message, error.hint, String(error.cause), JSON.stringify(error)]) {
    expect(shown).not.toContain(TOKEN);
  }
}, 30_000);

it('the same at an AppRole login: not "Check VAULT_ROLE_ID and VAULT_SECRET_ID"', async () => {
  const address = await webServerAnswering(404);
  const backend = backendAt(address, { VAULT_ROLE_ID: 'role-id', VAULT_SECRET_ID: SECRET_ID });
  const error = await secretsBackendFailure(backend.getSecret('AGENT_CLIENT_SECRET'));
  expect(error.message).toMatch(/answered 404 at \/v1\/auth\/approle\/login without Vault's/);
  expect(error.hint).not.toContain('VAULT_SECRET_ID');
  for (const shown of [error.message, error.hint, String(error.cause), JSON.stringify(error)]) {
    expect(shown).not.toContain(SECRET_ID);
  }
}, 30_000);

it("a Vault's own refusal (403 with JSON errors) still says to check the credentials", async () => {
  server = await startPlainHttpServer((_req, res) => {
    res.writeHead(403, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ errors: ['permission denied'] }));
  });
  const error = await secretsBackendFailure(
    backendAt(server.url, { VAULT_TOKEN: TOKEN }).getSecret('AGENT_CLIENT_SECRET'),
  );
  expect(error.message).toBe('Vault authentication failed. Check credentials.');
}, 30_000);
