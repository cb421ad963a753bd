import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { SecretsBackendError } from '@dual-auth/core';
import {
  createRecordingLogger,
  dripBody,
  startHttpsServer,
  startPlainHttpServer,
  type TestHttpsServer,
  type TestPlainHttpServer,
} from '@dual-auth/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { VaultSecretsBackend } from './vault-secrets-backend.js';

// A hostile or compromised answer on the way to Vault (a load balancer, a proxy, a standby node
// that was taken over): redirects elsewhere, bodies as slow as it likes.

const TOKEN = 'hvs.attack-test-only-token';
const SECRET_ID = 'secret-id-attack-test-only';
const K8S_JWT = 'k8s-jwt-attack-test-only';
const https: TestHttpsServer[] = [];
const plain: TestPlainHttpServer[] = [];
const dirs: string[] = [];

afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  await Promise.all(https.splice(0).map((server) => server.close()));
  await Promise.all(plain.splice(0).map((server) => server.close()));
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
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<string> {
  const server = await startPlainHttpServer(handler);
  plain.push(server);
  return server.url;
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

/**
 * Logs in with `env` (AppRole, or else {@link K8S_JWT} from a token file) at a Vault that answers
 * every request with a 307 to a plain-http host; the request bodies that host received.
 */
async function loginsRedirectedElsewhere(env: Record<string, string>): Promise<string[]> {
  const bodies: string[] = [];
  const elsewhere = await startPlainHttp((req, res) => {
    let text = '';
    req.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
    });
    req.on('end', () => {
      bodies.push(text);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        req.url?.includes('/login')
          ? JSON.stringify({ auth: { client_token: 'hvs.elsewhere', lease_duration: 3600 } })
          : JSON.stringify({ data: { data: { value: 'value-from-elsewhere' } } }),
      );
    });
  });
  const vault = await startHttpsServer((req, res) => {
    res.writeHead(307, { location: `${elsewhere}${req.url}` });
    res.end();
  });
  https.push(vault);
  const dir = await mkdtemp(join(tmpdir(), 'dual-auth-vault-attack-'));
  dirs.push(dir);
  await writeFile(join(dir, 'token'), K8S_JWT);
  const backend = new VaultSecretsBackend({
    env: { VAULT_ADDR: vault.url, ...env },
    caPem: vault.ca.caPem,
    kubernetesTokenPath: join(dir, 'token'),
    timeoutMs: 10_000,
    logger: createRecordingLogger(),
  });
  const outcome = await settle(backend);
  expectRefused(outcome);
  return bodies;
}

/** A Vault answering every request with a 307 to a plain-http host; the tokens that host saw. */
async function vaultRedirectingElsewhere(): Promise<{
  vault: TestHttpsServer;
  seen: (string | undefined)[];
}> {
  const seen: (string | undefined)[] = [];
  const elsewhere = await startPlainHttp((req, res) => {
    const token = req.headers['x-vault-token'];
    seen.push(typeof token === 'string' ? token : undefined);
    kvAnswer(req.url, res, 'value-from-elsewhere');
  });
  const vault = await startHttpsServer((req, res) => {
    res.writeHead(307, { location: `${elsewhere}${req.url}` });
    res.end();
  });
  return { vault, seen };
}

describe('VaultSecretsBackend against a hostile answer (attack)', () => {
  it('does not send the Vault token to the host, in clear text, that a redirect names', async () => {
    const { vault, seen } = await vaultRedirectingElsewhere();
    const outcome = await settle(tokenBackend(vault, 10_000));
    expect(seen).not.toContain(TOKEN);
    expect(outcome).not.toEqual({ value: 'value-from-elsewhere' });
  }, 30_000);

  it('does not send the AppRole secret_id to the host, in clear text, that a 307 on login names', async () => {
    const bodies = await loginsRedirectedElsewhere({
      VAULT_ROLE_ID: 'role-attack',
      VAULT_SECRET_ID: SECRET_ID,
    });
    expect(bodies.join('\n')).not.toContain(SECRET_ID);
  }, 30_000);

  it('does not send the Kubernetes service-account token to the host that a 307 on login names', async () => {
    const bodies = await loginsRedirectedElsewhere({});
    expect(bodies.join('\n')).not.toContain(K8S_JWT);
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
      dripBody(res, text, { everyMs: 20 });
    });
    expectRefused(await settle(tokenBackend(vault, 200)));
  }, 30_000);

  it('with a cluster node in redirectOrigins, a redirect to any other host still gets no token', async () => {
    const { vault, seen } = await vaultRedirectingElsewhere();
    https.push(vault);
    const backend = new VaultSecretsBackend({
      env: {
        VAULT_ADDR: vault.url,
        VAULT_TOKEN: TOKEN,
        DUAL_AUTH_VAULT_REDIRECT_ORIGINS: 'https://vault-2.invalid:8200',
      },
      caPem: vault.ca.caPem,
      redirectOrigins: ['https://vault-2.invalid:8200'],
      logger: createRecordingLogger(),
    });
    expectRefused(await settle(backend));
    expect(seen).not.toContain(TOKEN);
  }, 30_000);

  it('a plain-http or non-origin entry in redirectOrigins is refused when the backend is made', () => {
    const make = (env: Record<string, string>, redirectOrigins?: string[]) =>
      new VaultSecretsBackend({
        env: { VAULT_ADDR: 'https://vault.example:8200', VAULT_TOKEN: TOKEN, ...env },
        ...(redirectOrigins === undefined ? {} : { redirectOrigins }),
        logger: createRecordingLogger(),
      });
    expect(() => make({}, ['http://vault-2.example:8200'])).toThrow(/redirectOrigins/);
    expect(() => make({ DUAL_AUTH_VAULT_REDIRECT_ORIGINS: 'http://vault-2.example:8200' })).toThrow(
      /DUAL_AUTH_VAULT_REDIRECT_ORIGINS/,
    );
    expect(() => make({}, ['https://vault-2.example:8200/v1/secret'])).toThrow(SecretsBackendError);
    expect(() => make({}, ['https://user:pw@vault-2.example:8200'])).toThrow();
  });
});

/** The SecretsBackendError a read of AGENT_CLIENT_SECRET failed with, checked to hold no secret. */
async function refusal(backend: VaultSecretsBackend): Promise<SecretsBackendError> {
  const outcome = await settle(backend);
  expectRefused(outcome);
  const error = (outcome as { error: SecretsBackendError }).error;
  for (const shown of [String(error), JSON.stringify(error), inspect(error, { depth: 5 })]) {
    for (const secret of [TOKEN, SECRET_ID, K8S_JWT]) expect(shown).not.toContain(secret);
  }
  return error;
}

describe('VaultSecretsBackend refusals say what to do', () => {
  it('follows a 307 to Vault’s own origin, login body and token included', async () => {
    const logins: string[] = [];
    const vault = await startHttpsServer((req, res) => {
      if (!req.url?.includes('hop=1')) {
        res.writeHead(307, { location: `${req.url}?hop=1` });
        res.end();
        return;
      }
      let text = '';
      req.on('data', (chunk: Buffer) => {
        text += chunk.toString('utf8');
      });
      req.on('end', () => {
        if (req.url?.includes('approle/login')) {
          logins.push(text);
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ auth: { client_token: TOKEN, lease_duration: 3600 } }));
          return;
        }
        if (req.headers['x-vault-token'] !== TOKEN) {
          res.writeHead(403, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ errors: ['permission denied'] }));
          return;
        }
        kvAnswer(req.url, res, 'value-after-own-redirect');
      });
    });
    https.push(vault);
    const backend = new VaultSecretsBackend({
      env: { VAULT_ADDR: vault.url, VAULT_ROLE_ID: 'role-1', VAULT_SECRET_ID: SECRET_ID },
      caPem: vault.ca.caPem,
      logger: createRecordingLogger(),
    });
    await expect(backend.getSecret('AGENT_CLIENT_SECRET')).resolves.toBe(
      'value-after-own-redirect',
    );
    expect(logins).toHaveLength(1);
    expect(JSON.parse(logins[0] ?? '{}')).toEqual({ role_id: 'role-1', secret_id: SECRET_ID });
  }, 30_000);

  it('a redirect to another origin names both and says to set VAULT_ADDR', async () => {
    const vault = await startHttpsServer((req, res) => {
      res.writeHead(307, { location: `https://standby.invalid:8200${req.url}` });
      res.end();
    });
    const error = await refusal(tokenBackend(vault, 10_000));
    expect(error.message).toContain('a redirect to https://standby.invalid:8200; not followed');
    expect(error.message).toContain(vault.url);
    expect(error.hint).toContain('Set VAULT_ADDR');
  }, 30_000);

  it('a 302 is not followed even within Vault’s origin (it would turn a login POST into a GET)', async () => {
    const vault = await startHttpsServer((req, res) => {
      res.writeHead(302, { location: `${req.url}?hop=1` });
      res.end();
    });
    const error = await refusal(tokenBackend(vault, 10_000));
    expect(error.message).toContain('answered 302');
  }, 30_000);

  it('caps an answer at maxResponseBytes (default 1 MiB) and says which option raises it', async () => {
    const padded = `${' '.repeat(4096)}${JSON.stringify({ data: { data: { value: 'padded' } } })}`;
    const vault = await startHttpsServer((req, res) => {
      if (req.url?.includes('lookup-self')) {
        kvAnswer(req.url, res, '');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(padded);
    });
    await expect(tokenBackend(vault, 10_000).getSecret('AGENT_CLIENT_SECRET')).resolves.toBe(
      'padded',
    );
    const capped = new VaultSecretsBackend({
      env: { VAULT_ADDR: vault.url, VAULT_TOKEN: TOKEN },
      caPem: vault.ca.caPem,
      maxResponseBytes: 2048,
      logger: createRecordingLogger(),
    });
    const error = await refusal(capped);
    expect(error.message).toBe("Vault's answer is larger than 2048 bytes; refused.");
    expect(error.hint).toContain('maxResponseBytes');
  }, 30_000);

  it('a stalled body fails after timeoutMs with an error that names timeoutMs', async () => {
    const vault = await startHttpsServer((req, res) => {
      if (req.url?.includes('lookup-self')) {
        kvAnswer(req.url, res, '');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{');
    });
    const error = await refusal(tokenBackend(vault, 300));
    expect(error.message).toBe('Vault did not answer within 300 ms.');
    expect(error.hint).toContain('raise timeoutMs');
  }, 30_000);
});
