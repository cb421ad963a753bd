import { mkdtemp, writeFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { SecretsBackendError } from '@dual-auth/core';
import { createRecordingLogger, startHttpsServer, type TestHttpsServer } from '@dual-auth/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { VaultSecretsBackend } from './vault-secrets-backend.js';

// An answer that quotes the credential it was sent (a proxy or WAF echoing the request, a broken
// plugin: `{"errors":["invalid token hvs.…"]}`) put the Vault token, the AppRole secret_id or the
// service account's JWT in our error message and cause, which apps log.

const TOKEN = 'hvs.echoed-attack-test-only-token';
const SECRET_ID = 'echoed-secret-id-attack-test-only';
const servers: TestHttpsServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function vault(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<TestHttpsServer> {
  const server = await startHttpsServer(handler);
  servers.push(server);
  return server;
}

function echo(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ errors: [text] }));
}

async function failure(backend: VaultSecretsBackend): Promise<SecretsBackendError> {
  const error = await backend.getSecret('AGENT_CLIENT_SECRET').then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(SecretsBackendError);
  return error as SecretsBackendError;
}

function expectNoCredential(error: SecretsBackendError, credential: string): void {
  const shown = `${error.message} ${error.hint} ${inspect(error, { depth: 5 })} ${JSON.stringify(error)}`;
  expect(shown).not.toContain(credential.slice(4, 20));
  expect(shown).toContain('***REDACTED***');
}

describe('VaultSecretsBackend errors that echo a credential', () => {
  it('a read refused with the token in the answer keeps the token out of the error', async () => {
    const server = await vault((req, res) => {
      if (req.url?.includes('lookup-self')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ data: { policies: ['default'] } }));
        return;
      }
      echo(
        res,
        400,
        `invalid request: token ${String(req.headers['x-vault-token']).slice(0, 20)}… is malformed`,
      );
    });
    const backend = new VaultSecretsBackend({
      env: { VAULT_ADDR: server.url, VAULT_TOKEN: TOKEN },
      caPem: server.ca.caPem,
      logger: createRecordingLogger(),
    });
    expectNoCredential(await failure(backend), TOKEN);
  });

  it('an AppRole login refused with the secret_id in the answer keeps it out of the error', async () => {
    const server = await vault((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      req.on('end', () => echo(res, 400, `invalid secret id in ${body}`));
    });
    const backend = new VaultSecretsBackend({
      env: { VAULT_ADDR: server.url, VAULT_ROLE_ID: 'role-1', VAULT_SECRET_ID: SECRET_ID },
      caPem: server.ca.caPem,
      logger: createRecordingLogger(),
    });
    expectNoCredential(await failure(backend), SECRET_ID);
  });

  it('a Kubernetes login refused naming the role keeps the role name, hides the JWT', async () => {
    // Vault's own answer to an unknown role: the role name is the operator's one clue, no credential.
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2EifQ.attack-test-signature';
    const dir = await mkdtemp(join(tmpdir(), 'vault-role-'));
    await writeFile(join(dir, 'token'), jwt);
    const server = await vault((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      req.on('end', () => {
        const { role, jwt: sent } = JSON.parse(body) as { role: string; jwt: string };
        echo(res, 400, `invalid role name "${role}" for jwt ${sent}`);
      });
    });
    const backend = new VaultSecretsBackend({
      env: { VAULT_ADDR: server.url },
      caPem: server.ca.caPem,
      kubernetesTokenPath: join(dir, 'token'),
      logger: createRecordingLogger(),
    });
    const error = await failure(backend);
    expectNoCredential(error, jwt);
    expect(error.message).toContain('invalid role name "dual-auth"');
  });
});
