import type { IncomingMessage, ServerResponse } from 'node:http';
import { SecretsBackendError } from '@dual-auth/core';
import {
  createRecordingLogger,
  createTestCa,
  startHttpsServer,
  type TestHttpsServer,
} from '@dual-auth/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { VaultSecretsBackend } from './vault-secrets-backend.js';

// Setups that worked with main's release (0.1.0) and must keep working, or fail with a message
// that says what to change, after the upgrade. Each test passes on main.
//
// A Vault HA cluster: `VAULT_ADDR` names one node (a DNS name that resolves to any node, or the
// node the app was first pointed at). A standby that cannot forward a request to the active node
// (request forwarding off, or the cluster port blocked) answers 307 with the active node's
// api_addr, another host: https://developer.hashicorp.com/vault/docs/concepts/ha#client-redirection
//
// Following such a redirect by default, as main did, is not safe: the Vault token and the login
// body (AppRole secret_id, Kubernetes JWT) would go to whatever host a redirect names (a proxy or
// a taken-over node on the way). The upgrade keeps refusing by default, and the setup keeps
// working once the cluster's nodes are listed (redirectOrigins, or
// DUAL_AUTH_VAULT_REDIRECT_ORIGINS from the environment); the refusal says so.

const TOKEN = 'hvs.upgrade-test-only-token';
const VALUE = 'value-from-the-active-node';
const servers: TestHttpsServer[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** The active node: answers token lookup, AppRole login and the KV v2 read. */
function activeNode(req: IncomingMessage, res: ServerResponse): void {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json' });
    if (req.url?.includes('lookup-self')) {
      res.end(JSON.stringify({ data: { policies: ['default'] } }));
    } else if (req.url?.includes('/login')) {
      res.end(JSON.stringify({ auth: { client_token: TOKEN, lease_duration: 3600 } }));
    } else {
      res.end(JSON.stringify({ data: { data: { value: VALUE } } }));
    }
  });
}

/** An active node and a standby that redirects every request to it (both under one CA). */
async function cluster(): Promise<{ active: TestHttpsServer; standby: TestHttpsServer }> {
  const ca = await createTestCa();
  const active = await startHttpsServer(activeNode, { ca });
  servers.push(active);
  const standby = await startHttpsServer(
    (req, res) => {
      req.resume();
      res.writeHead(307, { location: `${active.url}${req.url}` });
      res.end();
    },
    { ca },
  );
  servers.push(standby);
  return { active, standby };
}

describe('VaultSecretsBackend upgrade from main', () => {
  it('reads with VAULT_TOKEN through a standby that redirects to the active node listed in DUAL_AUTH_VAULT_REDIRECT_ORIGINS', async () => {
    const { active, standby } = await cluster();
    const backend = new VaultSecretsBackend({
      env: {
        VAULT_ADDR: standby.url,
        VAULT_TOKEN: TOKEN,
        DUAL_AUTH_VAULT_REDIRECT_ORIGINS: `https://vault-3.invalid:8200, ${active.url}`,
      },
      caPem: standby.ca.caPem,
      logger: createRecordingLogger(),
    });
    await expect(backend.getSecret('AGENT_CLIENT_SECRET')).resolves.toBe(VALUE);
  }, 30_000);

  it('logs in with AppRole through a standby that redirects to the active node listed in redirectOrigins', async () => {
    const { active, standby } = await cluster();
    const backend = new VaultSecretsBackend({
      env: {
        VAULT_ADDR: standby.url,
        VAULT_ROLE_ID: 'role-upgrade-test',
        VAULT_SECRET_ID: 'secret-id-upgrade-test-only',
      },
      caPem: standby.ca.caPem,
      redirectOrigins: [active.url],
      logger: createRecordingLogger(),
    });
    await expect(backend.getSecret('AGENT_CLIENT_SECRET')).resolves.toBe(VALUE);
  }, 30_000);

  it('without the nodes listed, the refusal names redirectOrigins and its variable', async () => {
    const { active, standby } = await cluster();
    const backend = new VaultSecretsBackend({
      env: { VAULT_ADDR: standby.url, VAULT_TOKEN: TOKEN },
      caPem: standby.ca.caPem,
      logger: createRecordingLogger(),
    });
    const error = await backend.getSecret('AGENT_CLIENT_SECRET').then(
      () => undefined,
      (failure: unknown) => failure,
    );
    expect(error).toBeInstanceOf(SecretsBackendError);
    const { message, hint } = error as SecretsBackendError;
    expect(message).toContain(`a redirect to ${active.url}; not followed`);
    expect(message).toContain('redirectOrigins');
    expect(hint).toContain('redirectOrigins');
    expect(hint).toContain('DUAL_AUTH_VAULT_REDIRECT_ORIGINS');
  }, 30_000);
});
