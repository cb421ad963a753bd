import { SecretsBackendError } from '@dual-auth/core';
import {
  createRecordingLogger,
  dripBody,
  startHttpsServer,
  startPlainHttpServer,
  type TestHttpsServer,
  type TestPlainHttpServer,
} from '@dual-auth/testing';
import {
  type AzureKeyVaultEmulator,
  startAzureKeyVaultEmulator,
} from '@dual-auth/testing/emulators';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AzureSecretsBackend } from './azure-secrets-backend.js';

// A hostile or compromised answer on the way to Key Vault (a proxy, a private endpoint that was
// taken over): a redirect to another host, a body as slow as it likes. The emulator lends only its
// credential (a real TokenCredential handing out a test token).

let emulator: AzureKeyVaultEmulator;
const https: TestHttpsServer[] = [];
const plain: TestPlainHttpServer[] = [];
const CHALLENGE =
  'Bearer authorization="https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000", resource="https://vault.azure.net"';

beforeAll(async () => {
  emulator = await startAzureKeyVaultEmulator({ secrets: {} });
});

afterAll(() => emulator.close());

afterEach(async () => {
  await Promise.all(https.splice(0).map((server) => server.close()));
  await Promise.all(plain.splice(0).map((server) => server.close()));
});

function secretBody(value: string): string {
  return JSON.stringify({ value, id: 'https://vault.example/secrets/x/1', attributes: {} });
}

function backend(vault: TestHttpsServer, timeoutMs: number): AzureSecretsBackend {
  return new AzureSecretsBackend({
    env: { DUAL_AUTH_AZURE_VAULT_URL: vault.url },
    credential: emulator.credential,
    clientOptions: { ...emulator.clientOptions, tlsOptions: { ca: vault.ca.caPem } },
    timeoutMs,
    logger: createRecordingLogger(),
  });
}

describe('AzureSecretsBackend against a hostile answer (attack)', () => {
  it('does not send the Key Vault bearer token to the host, in clear text, that a redirect names', async () => {
    const seen: (string | undefined)[] = [];
    const elsewhere = await startPlainHttpServer((req, res) => {
      seen.push(req.headers.authorization);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(secretBody('value-from-elsewhere'));
    });
    plain.push(elsewhere);
    const vault = await startHttpsServer((req, res) => {
      if (req.headers.authorization === undefined) {
        res.writeHead(401, { 'www-authenticate': CHALLENGE });
        res.end();
        return;
      }
      res.writeHead(307, { location: `${elsewhere.url}${req.url}` });
      res.end();
    });
    https.push(vault);
    const outcome = await backend(vault, 10_000)
      .getSecret('AGENT_CLIENT_SECRET')
      .then(
        (value) => ({ value }),
        (error: unknown) => ({ error }),
      );
    expect(seen.filter((authorization) => authorization !== undefined)).toEqual([]);
    expect(outcome).not.toEqual({ value: 'value-from-elsewhere' });
  }, 30_000);

  it('a body dripped a byte at a time does not outlive timeoutMs', async () => {
    const vault = await startHttpsServer((req, res) => {
      if (req.headers.authorization === undefined) {
        res.writeHead(401, { 'www-authenticate': CHALLENGE });
        res.end();
        return;
      }
      // 200 bytes of padding 20 ms apart, some 4 s in all, twenty times timeoutMs.
      dripBody(res, `${' '.repeat(200)}${secretBody('dripped')}`, { everyMs: 20 });
    });
    https.push(vault);
    const outcome = await backend(vault, 200)
      .getSecret('AGENT_CLIENT_SECRET')
      .then(
        (value) => ({ value }),
        (error: unknown) => ({ error }),
      );
    expect(outcome).not.toHaveProperty('value');
    expect((outcome as { error: unknown }).error).toBeInstanceOf(SecretsBackendError);
  }, 30_000);

  // Attack: the answer to a secret read is an endless body at loopback speed. The SDK buffered
  // all of it as text (200 MiB in a probe, until timeoutMs): memory without bound for as long as
  // the host sends. Here the host gives up at 64 MiB; the client must stop reading long before.
  it('a body without end is not buffered past a small bound', async () => {
    const chunk = Buffer.alloc(1024 * 1024, 0x20);
    let written = 0;
    const vault = await startHttpsServer((req, res) => {
      if (req.headers.authorization === undefined) {
        res.writeHead(401, { 'www-authenticate': CHALLENGE });
        res.end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.on('error', () => undefined);
      const pump = (): void => {
        while (written < 64 * chunk.length && !res.destroyed) {
          written += chunk.length;
          if (!res.write(chunk)) {
            res.once('drain', pump);
            return;
          }
        }
        res.end(secretBody('endless'));
      };
      pump();
    });
    https.push(vault);
    const outcome = await backend(vault, 20_000)
      .getSecret('AGENT_CLIENT_SECRET')
      .then(
        (value) => ({ value }),
        (error: unknown) => ({ error }),
      );
    expect((outcome as { error: unknown }).error).toBeInstanceOf(SecretsBackendError);
    expect(written).toBeLessThanOrEqual(16 * chunk.length);
  }, 60_000);
});
