import {
  createServer,
  type IncomingHttpHeaders,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { SecretsBackendError } from '@dual-auth/core';
import { createRecordingLogger, startHttpsServer, type TestHttpsServer } from '@dual-auth/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { VaultSecretsBackend } from './vault-secrets-backend.js';

// A hostile or compromised answer on the way to Vault (a load balancer, a proxy, a standby node
// that was taken over): redirects elsewhere, bodies as slow as it likes.

const TOKEN = 'hvs.attack-test-only-token';
const https: TestHttpsServer[] = [];
const plain: Server[] = [];

afterEach(async () => {
  await Promise.all(https.splice(0).map((server) => server.close()));
  await Promise.all(
    plain.splice(0).map(
      (server) =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    ),
  );
});

function kvAnswer(url: string | undefined, res: ServerResponse, value: string): void {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(
    url?.includes('lookup-self')
      ? JSON.stringify({ data: { policies: ['default'] } })
      : JSON.stringify({ data: { data: { value } } }),
  );
}

async function startPlainHttp(
  handler: (url: string | undefined, headers: IncomingHttpHeaders, res: ServerResponse) => void,
): Promise<string> {
  const server = createServer((req, res) => handler(req.url, req.headers, res));
  plain.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://localhost:${(server.address() as AddressInfo).port}`;
}

/** A backend logging in with {@link TOKEN} at `vault`, closed after the test. */
function tokenBackend(vault: TestHttpsServer, timeoutMs: number): VaultSecretsBackend {
  https.push(vault);
  return new VaultSecretsBackend({
    env: { VAULT_ADDR: vault.url, VAULT_TOKEN: TOKEN },
    caPem: vault.ca.caPem,
    timeoutMs,
    logger: createRecordingLogger(),
  });
}

/** How a read of AGENT_CLIENT_SECRET ended. */
function settle(backend: VaultSecretsBackend): Promise<{ value: string } | { error: unknown }> {
  return backend.getSecret('AGENT_CLIENT_SECRET').then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
}

/** The read failed with a SecretsBackendError instead of handing back the hostile answer. */
function expectRefused(outcome: { value: string } | { error: unknown }): void {
  expect(outcome).not.toHaveProperty('value');
  expect((outcome as { error: unknown }).error).toBeInstanceOf(SecretsBackendError);
}

describe('VaultSecretsBackend against a hostile answer (attack)', () => {
  it('does not send the Vault token to the host, in clear text, that a redirect names', async () => {
    const seen: (string | undefined)[] = [];
    const elsewhere = await startPlainHttp((url, headers, res) => {
      const token = headers['x-vault-token'];
      seen.push(typeof token === 'string' ? token : undefined);
      kvAnswer(url, res, 'value-from-elsewhere');
    });
    const vault = await startHttpsServer((req, res) => {
      res.writeHead(307, { location: `${elsewhere}${req.url}` });
      res.end();
    });
    const outcome = await settle(tokenBackend(vault, 10_000));
    expect(seen).not.toContain(TOKEN);
    expect(outcome).not.toEqual({ value: 'value-from-elsewhere' });
  }, 30_000);

  it('does not send the AppRole secret_id to the host, in clear text, that a 307 on login names', async () => {
    const bodies: string[] = [];
    const elsewhere = await startPlainHttp((url, _headers, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        url?.includes('approle/login')
          ? JSON.stringify({ auth: { client_token: 'hvs.elsewhere', lease_duration: 3600 } })
          : JSON.stringify({ data: { data: { value: 'value-from-elsewhere' } } }),
      );
    });
    const plainServer = plain.at(-1);
    plainServer?.prependListener('request', (req) => {
      let text = '';
      req.on('data', (chunk: Buffer) => {
        text += chunk.toString('utf8');
      });
      req.on('end', () => bodies.push(text));
    });
    const vault = await startHttpsServer((req, res) => {
      res.writeHead(307, { location: `${elsewhere}${req.url}` });
      res.end();
    });
    https.push(vault);
    const backend = new VaultSecretsBackend({
      env: {
        VAULT_ADDR: vault.url,
        VAULT_ROLE_ID: 'role-attack',
        VAULT_SECRET_ID: 'secret-id-attack-test-only',
      },
      caPem: vault.ca.caPem,
      timeoutMs: 10_000,
      logger: createRecordingLogger(),
    });
    await backend.getSecret('AGENT_CLIENT_SECRET').catch(() => undefined);
    expect(bodies.join('\n')).not.toContain('secret-id-attack-test-only');
  }, 30_000);

  it('an answer far larger than any KV secret is refused, not buffered whole', async () => {
    // 64 MiB of JSON whitespace before a valid answer: axios (maxContentLength -1) buffers all of
    // it; a gigabyte takes the process down.
    const chunk = ' '.repeat(1024 * 1024);
    const vault = await startHttpsServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      if (req.url?.includes('lookup-self')) {
        res.end(JSON.stringify({ data: { policies: ['default'] } }));
        return;
      }
      for (let i = 0; i < 64; i += 1) res.write(chunk);
      res.end(JSON.stringify({ data: { data: { value: 'huge-answer-value' } } }));
    });
    expectRefused(await settle(tokenBackend(vault, 60_000)));
  }, 60_000);

  it('a body dripped a byte at a time does not outlive timeoutMs', async () => {
    const vault = await startHttpsServer((req, res) => {
      if (req.url?.includes('lookup-self')) {
        kvAnswer(req.url, res, '');
        return;
      }
      // 200 bytes of padding 20 ms apart, some 4 s in all, twenty times timeoutMs.
      const text = `${' '.repeat(200)}${JSON.stringify({ data: { data: { value: 'dripped' } } })}`;
      res.writeHead(200, { 'content-type': 'application/json' });
      let at = 0;
      const timer = setInterval(() => {
        if (res.destroyed || at >= text.length) {
          clearInterval(timer);
          res.end();
          return;
        }
        res.write(text[at]);
        at += 1;
      }, 20);
    });
    expectRefused(await settle(tokenBackend(vault, 200)));
  }, 30_000);
});
