import type { IncomingMessage, ServerResponse } from 'node:http';
import { SecretsBackendError } from '@dual-auth/core';
import {
  createRecordingLogger,
  startPlainHttpServer,
  type TestPlainHttpServer,
} from '@dual-auth/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { VaultSecretsBackend } from './vault-secrets-backend.js';

// Session 38: the backend kept only the origin of VAULT_ADDR, so a Vault behind a path-prefixed
// proxy (`https://proxy.example/vault`) was asked at /v1/… of the proxy, without a word. Vault's own
// client and CLI (`api.Client.NewRequest`: `path.Join(addr.Path, requestPath)`) keep the path as a
// prefix of every request, and send no query of the address.

const TOKEN = 'hvs.test-only-token-never-shown';
let server: TestPlainHttpServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const envelope = (data: unknown) => JSON.stringify({ request_id: 'r', data, warnings: null });

/** A proxy on loopback that serves Vault's API under `/vault` only; what it was asked, in order. */
async function proxyUnderVault(): Promise<{ url: string; asked: string[] }> {
  const asked: string[] = [];
  server = await startPlainHttpServer((req: IncomingMessage, res: ServerResponse) => {
    asked.push(`${req.method} ${req.url}`);
    if (req.url === '/vault/v1/auth/token/lookup-self') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(envelope({ policies: ['default'], ttl: 3600, renewable: true }));
    } else if (req.url === '/vault/v1/secret/data/dual-auth/agent-client-secret') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(envelope({ data: { value: 'behind-the-proxy' }, metadata: { version: 1 } }));
    } else {
      res.writeHead(404, { 'content-type': 'text/html' }).end('<html>Not Found</html>');
    }
  });
  return { url: server.url, asked };
}

const backendAt = (address: string) =>
  new VaultSecretsBackend({
    env: { VAULT_ADDR: address, VAULT_TOKEN: TOKEN },
    allowInsecureLoopback: true,
    logger: createRecordingLogger(),
  });

describe('VAULT_ADDR with a path (a Vault behind a path-prefixed proxy)', () => {
  it.each(['/vault', '/vault/'])(
    'keeps the path %s as the prefix of every request',
    async (path) => {
      const { url, asked } = await proxyUnderVault();
      const backend = backendAt(`${url}${path}`);
      expect(backend.address).toBe(`${url}/vault`);
      await expect(backend.getSecret('AGENT_CLIENT_SECRET')).resolves.toBe('behind-the-proxy');
      expect(asked).toEqual([
        'GET /vault/v1/auth/token/lookup-self',
        'GET /vault/v1/secret/data/dual-auth/agent-client-secret',
      ]);
    },
    30_000,
  );

  it.each([
    ['a query', 'https://vault.example:8200/?token=q-s3cr3t'],
    ['a query', 'https://vault.example:8200/vault?'],
    ['a fragment', 'https://vault.example:8200/#q-s3cr3t'],
  ])('refuses %s by name, without its text: %s', (what, address) => {
    let error: unknown;
    try {
      backendAt(address);
    } catch (caught) {
      error = caught;
    }
    expect(SecretsBackendError.isInstance(error)).toBe(true);
    expect((error as SecretsBackendError).message).toBe(
      `VAULT_ADDR has ${what}: Vault's address is https://host:port, with a path only for a Vault behind a path-prefixed proxy.`,
    );
    expect((error as SecretsBackendError).hint).toContain('Remove the ?… or #… part');
    expect(JSON.stringify(error)).not.toContain('q-s3cr3t');
  });
});
