import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { type Clock, ConfigurationError, SecretsBackendError } from '@dual-auth/core';
import { createRecordingLogger } from '@dual-auth/testing';
import { secretsBackendFailure } from '@dual-auth/testing/conformance';
import { startVaultEmulator, type VaultEmulator } from '@dual-auth/testing/emulators';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VaultSecretsBackend, type VaultSecretsBackendOptions } from './vault-secrets-backend.js';

const TOKEN = 'hvs.test-only-root-token';
const SECRET_ID = 'test-only-secret-id';
const K8S_JWT = 'test-only-service-account-jwt';
const SECRET_VALUES = ['s3cr3t-value-vault', 'v1-agent-value', 'okta-from-store'];

const logger = createRecordingLogger();
const logs = logger.records;

let vault: VaultEmulator;
let dir: string;

beforeAll(async () => {
  vault = await startVaultEmulator({
    tokens: [TOKEN],
    appRoles: { 'role-1': SECRET_ID },
    kubernetesRoles: { 'dual-auth': K8S_JWT },
    kvV1Mounts: ['kv1'],
    secrets: {
      'secret/dual-auth/agent-client-secret': { value: 's3cr3t-value-vault' },
      'secret/dual-auth/multi': { a: 'x', b: 1, ü: 'é' },
      'secret/dual-auth/nested': { value: { x: [1, true, null] } },
      'secret/dual-auth/empty': { value: '' },
      'secret/dual-auth-vendor': { value: 'okta-from-store' },
      'kv1/dual-auth/agent-client-id': { value: 'v1-agent-value' },
    },
  });
  dir = await mkdtemp(join(tmpdir(), 'dual-auth-vault-'));
});

afterAll(async () => {
  await vault.close();
  await rm(dir, { recursive: true, force: true });
});

function backend(options: VaultSecretsBackendOptions = {}): VaultSecretsBackend {
  return new VaultSecretsBackend({
    env: { VAULT_ADDR: vault.endpoint, VAULT_TOKEN: TOKEN },
    caPem: vault.caPem,
    kubernetesTokenPath: join(dir, 'no-such-token'),
    logger,
    ...options,
  });
}

function requestsSince(): () => string[] {
  const start = vault.requests.length;
  return () => vault.requests.slice(start).map((r) => `${r.method} ${r.path}`);
}

describe('VaultSecretsBackend reading', () => {
  it('checks the token, then reads KV v2 at <mount>/data/<prefix><key in kebab case>', async () => {
    const seen = requestsSince();
    await expect(backend().getSecret('AGENT_CLIENT_SECRET')).resolves.toBe('s3cr3t-value-vault');
    expect(seen()).toEqual([
      'GET /v1/auth/token/lookup-self',
      'GET /v1/secret/data/dual-auth/agent-client-secret',
    ]);
    expect(vault.requests.at(-1)).toMatchObject({ authorized: true, namespace: undefined });
  });

  it('returns other data as Python-style JSON, and a non-string value as JSON', async () => {
    const vaultBackend = backend();
    await expect(vaultBackend.getSecret('MULTI')).resolves.toBe(
      '{"a": "x", "b": 1, "\\u00fc": "\\u00e9"}',
    );
    await expect(vaultBackend.getSecret('NESTED')).resolves.toBe('{"x": [1, true, null]}');
  });

  it('falls back to KV v1 when the v2 path is not there', async () => {
    const seen = requestsSince();
    await expect(backend({ mount: 'kv1' }).getSecret('AGENT_CLIENT_ID')).resolves.toBe(
      'v1-agent-value',
    );
    expect(seen().slice(1)).toEqual([
      'GET /v1/kv1/data/dual-auth/agent-client-id',
      'GET /v1/kv1/dual-auth/agent-client-id',
    ]);
  });

  it('reads DUAL_AUTH_VENDOR under the prefix first, then where the Python library put it', async () => {
    const seen = requestsSince();
    await expect(backend().getSecret('DUAL_AUTH_VENDOR')).resolves.toBe('okta-from-store');
    expect(seen().filter((line) => line.includes('vendor'))).toEqual([
      'GET /v1/secret/data/dual-auth/dual-auth-vendor',
      'GET /v1/secret/dual-auth/dual-auth-vendor',
      'GET /v1/secret/data/dual-auth-vendor',
    ]);
    expect(logs.at(-1)).toMatchObject({
      level: 'warn',
      event: 'vault_legacy_secret_path',
      fields: { path: 'dual-auth-vendor', expected_path: 'dual-auth/dual-auth-vendor' },
    });
    vault.setSecret('secret/dual-auth/dual-auth-vendor', { value: 'auth0' });
    await expect(backend().getSecret('DUAL_AUTH_VENDOR')).resolves.toBe('auth0');
    vault.deleteSecret('secret/dual-auth/dual-auth-vendor');
  });

  it('takes settings from env, options over env, and sends the namespace', async () => {
    const fromEnv = backend({
      env: {
        VAULT_ADDR: ` ${vault.endpoint}/ `,
        VAULT_TOKEN: TOKEN,
        VAULT_NAMESPACE: 'team-a',
        DUAL_AUTH_VAULT_MOUNT: 'kv1',
        DUAL_AUTH_VAULT_PATH_PREFIX: 'dual-auth',
      },
    });
    expect(fromEnv.toJSON()).toEqual({
      backendName: 'vault',
      address: vault.endpoint,
      namespace: 'team-a',
      mount: 'kv1',
      pathPrefix: 'dual-auth',
    });
    await expect(fromEnv.getSecret('AGENT_CLIENT_ID')).resolves.toBe('v1-agent-value');
    expect(vault.requests.at(-1)?.namespace).toBe('team-a');
    const overridden = backend({ mount: 'secret', pathPrefix: 'dual-auth/', namespace: 'b' });
    expect([overridden.mount, overridden.pathPrefix, overridden.namespace]).toEqual([
      'secret',
      'dual-auth/',
      'b',
    ]);
  });

  it('reads the CA from the file VAULT_CACERT names', async () => {
    const caFile = join(dir, 'ca.pem');
    await writeFile(caFile, vault.caPem);
    const fromFile = backend({
      caPem: undefined,
      env: { VAULT_ADDR: vault.endpoint, VAULT_TOKEN: TOKEN, VAULT_CACERT: caFile },
    });
    await expect(fromFile.getSecret('AGENT_CLIENT_SECRET')).resolves.toBe('s3cr3t-value-vault');
    const missing = backend({
      caPem: undefined,
      env: { VAULT_ADDR: vault.endpoint, VAULT_TOKEN: TOKEN, VAULT_CACERT: join(dir, 'nope') },
    });
    expect((await secretsBackendFailure(missing.getSecret('AGENT_CLIENT_SECRET'))).message).toBe(
      'VAULT_CACERT could not be read.',
    );
  });
});

describe('VaultSecretsBackend authentication', () => {
  it('logs in with AppRole when there is no token', async () => {
    const seen = requestsSince();
    const appRole = backend({
      env: { VAULT_ADDR: vault.endpoint, VAULT_ROLE_ID: 'role-1', VAULT_SECRET_ID: SECRET_ID },
    });
    await expect(appRole.getSecret('AGENT_CLIENT_SECRET')).resolves.toBe('s3cr3t-value-vault');
    await appRole.getSecret('MULTI');
    expect(seen()).toEqual([
      'POST /v1/auth/approle/login',
      'GET /v1/auth/token/lookup-self',
      'GET /v1/secret/data/dual-auth/agent-client-secret',
      'GET /v1/secret/data/dual-auth/multi',
    ]);
  });

  it('logs in again once when a login token is refused later', async () => {
    const appRole = backend({
      env: { VAULT_ADDR: vault.endpoint },
      roleId: 'role-1',
      secretId: SECRET_ID,
    });
    await appRole.getSecret('MULTI');
    const seen = requestsSince();
    vault.failNext('forbidden');
    await expect(appRole.getSecret('AGENT_CLIENT_SECRET')).resolves.toBe('s3cr3t-value-vault');
    expect(seen()).toEqual([
      'GET /v1/secret/data/dual-auth/agent-client-secret',
      'POST /v1/auth/approle/login',
      'GET /v1/auth/token/lookup-self',
      'GET /v1/secret/data/dual-auth/agent-client-secret',
    ]);
  });

  it('reports a refused AppRole login', async () => {
    const error = await secretsBackendFailure(
      backend({
        env: { VAULT_ADDR: vault.endpoint },
        roleId: 'role-1',
        secretId: 'wrong',
      }).getSecret('AGENT_CLIENT_SECRET'),
    );
    expect(error.message).toBe('Vault AppRole authentication failed: invalid role or secret ID');
    expect(error.hint).toContain('VAULT_SECRET_ID');
  });

  it('logs in with the Kubernetes service-account token when present', async () => {
    const tokenPath = join(dir, 'k8s-token');
    await writeFile(tokenPath, `${K8S_JWT}\n`);
    const seen = requestsSince();
    const k8s = backend({ env: { VAULT_ADDR: vault.endpoint }, kubernetesTokenPath: tokenPath });
    await expect(k8s.getSecret('AGENT_CLIENT_SECRET')).resolves.toBe('s3cr3t-value-vault');
    expect(seen()[0]).toBe('POST /v1/auth/kubernetes/login');
    const wrongRole = backend({
      env: { VAULT_ADDR: vault.endpoint, VAULT_K8S_ROLE: 'other' },
      kubernetesTokenPath: tokenPath,
    });
    const error = await secretsBackendFailure(wrongRole.getSecret('AGENT_CLIENT_SECRET'));
    expect(error.message).toBe('Vault Kubernetes authentication failed: permission denied');
  });

  it('says which credentials to set when there are none', async () => {
    const error = await secretsBackendFailure(
      backend({ env: { VAULT_ADDR: vault.endpoint } }).getSecret('AGENT_CLIENT_SECRET'),
    );
    expect(error.message).toBe(
      'No Vault authentication credentials found. Set VAULT_TOKEN, or VAULT_ROLE_ID and VAULT_SECRET_ID, or run in Kubernetes.',
    );
    expect(error).toMatchObject({ backend: 'vault', key: 'AGENT_CLIENT_SECRET' });
  });

  it('refuses a token that lookup-self rejects', async () => {
    const error = await secretsBackendFailure(
      backend({ token: 'hvs.wrong' }).getSecret('AGENT_CLIENT_SECRET'),
    );
    expect(error.message).toBe('Vault authentication failed. Check credentials.');
    expect((error.cause as Error).message).toBe('permission denied');
  });
});

describe('VaultSecretsBackend errors', () => {
  it('a missing secret: required throws not found, required: false resolves undefined', async () => {
    const error = await secretsBackendFailure(backend().getSecret('NOPE'));
    expect(error.message).toBe("Vault secret 'dual-auth/nope' not found at mount 'secret'.");
    expect(error).toMatchObject({ backend: 'vault', key: 'NOPE', code: 'ERR_SECRETS_BACKEND' });
    expect(error.hint).toContain('vault kv put');
    expect(error.cause).toBeInstanceOf(Error);
    await expect(backend().getSecret('NOPE', { required: false })).resolves.toBeUndefined();
    await expect(backend().getSecret('EMPTY', { required: false })).resolves.toBeUndefined();
  });

  it('403 is permission denied, even with required: false', async () => {
    const tokenBackend = backend();
    await tokenBackend.getSecret('MULTI');
    vault.failNext('forbidden');
    const error = await secretsBackendFailure(
      tokenBackend.getSecret('AGENT_CLIENT_SECRET', { required: false }),
    );
    expect(error.message).toBe(
      "Permission denied accessing Vault secret 'dual-auth/agent-client-secret'.",
    );
    expect(error.hint).toContain('secret/data/dual-auth/agent-client-secret');
  });

  it('429 is reported as throttling', async () => {
    const tokenBackend = backend();
    await tokenBackend.getSecret('MULTI');
    vault.failNext('throttling');
    const error = await secretsBackendFailure(tokenBackend.getSecret('AGENT_CLIENT_SECRET'));
    expect(error.message).toBe(
      "Vault error retrieving 'dual-auth/agent-client-secret': rate limit quota exceeded",
    );
    expect(error.hint).toContain('throttled');
  });

  it('a sealed Vault is reported with its own words', async () => {
    const tokenBackend = backend();
    await tokenBackend.getSecret('MULTI');
    vault.failNext('sealed');
    const error = await secretsBackendFailure(tokenBackend.getSecret('AGENT_CLIENT_SECRET'));
    expect(error.message).toBe(
      "Vault error retrieving 'dual-auth/agent-client-secret': Vault is sealed",
    );
  });

  it('a dead endpoint (closed port) is a connection error', async () => {
    const dead = await startVaultEmulator();
    await dead.close();
    const error = await secretsBackendFailure(
      backend({ address: dead.endpoint, caPem: dead.caPem }).getSecret('AGENT_CLIENT_SECRET'),
    );
    expect(error.message).toBe('Vault connection error: ECONNREFUSED');
    expect(error.hint).toContain('could not be reached');
  });

  it('a dropped connection and an untrusted certificate are connection errors', async () => {
    const tokenBackend = backend();
    await tokenBackend.getSecret('MULTI');
    vault.failNext('disconnect');
    expect(
      (await secretsBackendFailure(tokenBackend.getSecret('AGENT_CLIENT_SECRET'))).message,
    ).toMatch(/^Vault connection error: /);
    const untrusted = backend({ caPem: undefined });
    expect(
      (await secretsBackendFailure(untrusted.getSecret('AGENT_CLIENT_SECRET'))).message,
    ).toMatch(/^Vault connection error: /);
  });

  it('a 200 whose body is cut off is malformed, and the error never quotes the body', async () => {
    const tokenBackend = backend();
    await tokenBackend.getSecret('MULTI');
    vault.failNext('malformed');
    const error = await secretsBackendFailure(tokenBackend.getSecret('AGENT_CLIENT_SECRET'));
    expect(error.message).toBe(
      "Vault secret 'dual-auth/agent-client-secret' is malformed: its data is not a key/value map.",
    );
    for (const text of [String(error), JSON.stringify(error), inspect(error, { depth: 10 })]) {
      expect(text).not.toContain('s3cr3t-value-vault');
    }
  });

  it('rejects keys that are not Vault paths', async () => {
    const error = await secretsBackendFailure(backend().getSecret('../sys/SEAL'));
    expect(error.message).toBe("Key '../sys/SEAL' does not map to a valid Vault path.");
  });
});

describe('VaultSecretsBackend configuration', () => {
  it('requires VAULT_ADDR', () => {
    expect(() => backend({ env: {} })).toThrow(
      'VAULT_ADDR environment variable is required for Vault backend.',
    );
  });

  it('requires HTTPS, except http to loopback with the explicit opt-in', () => {
    expect(() => backend({ address: 'http://127.0.0.1:8200' })).toThrow(ConfigurationError);
    expect(() => backend({ address: 'http://vault.example.com' })).toThrow(ConfigurationError);
    expect(backend({ address: 'http://127.0.0.1:8200', allowInsecureLoopback: true }).address).toBe(
      'http://127.0.0.1:8200',
    );
  });

  it('refuses unsafe mounts and prefixes, and wrong option types', () => {
    expect(() => backend({ mount: '../sys' })).toThrow(SecretsBackendError);
    expect(() => backend({ pathPrefix: 'a/../b/' })).toThrow(SecretsBackendError);
    expect(() => backend({ token: 1 as unknown as string })).toThrow(TypeError);
    expect(() => backend({ cacheTtlMs: Number.NaN })).toThrow(TypeError);
    expect(() => new VaultSecretsBackend(null as unknown as VaultSecretsBackendOptions)).toThrow(
      TypeError,
    );
  });
});

describe('VaultSecretsBackend cache', () => {
  it('one login and one read serve repeated and concurrent reads until the TTL passes', async () => {
    let now = 5_000;
    const clock: Clock = { now: () => now };
    const cached = backend({ clock, cacheTtlMs: 1_000 });
    const seen = requestsSince();
    const values = await Promise.all([1, 2, 3].map(() => cached.getSecret('AGENT_CLIENT_SECRET')));
    await cached.getSecret('AGENT_CLIENT_SECRET');
    expect(new Set(values)).toEqual(new Set(['s3cr3t-value-vault']));
    expect(seen()).toEqual([
      'GET /v1/auth/token/lookup-self',
      'GET /v1/secret/data/dual-auth/agent-client-secret',
    ]);
    now += 1_000;
    await cached.getSecret('AGENT_CLIENT_SECRET');
    expect(seen()).toHaveLength(3);
  });
});

describe('VaultSecretsBackend redaction', () => {
  it('shows no value or credential in String(), JSON.stringify and inspect', async () => {
    const used = backend({
      roleId: 'role-1',
      secretId: SECRET_ID,
      env: { VAULT_ADDR: vault.endpoint },
    });
    await used.getSecret('AGENT_CLIENT_SECRET');
    vault.failNext('forbidden', 2);
    const error = await secretsBackendFailure(used.getSecret('DUAL_AUTH_VENDOR'));
    const texts = [
      String(used),
      JSON.stringify(used),
      inspect(used, { showHidden: true, depth: 9 }),
      String(error),
      JSON.stringify(error),
      inspect(error, { depth: 9 }),
    ];
    for (const text of texts) {
      for (const value of [...SECRET_VALUES, SECRET_ID, TOKEN]) expect(text).not.toContain(value);
    }
  });

  it('logged nothing but identifiers during these tests', () => {
    expect(logs.some((line) => line.event === 'vault_authenticated')).toBe(true);
    expect(logs.some((line) => line.event === 'secret_fetch_failed')).toBe(true);
    const text = JSON.stringify(logs);
    for (const value of [...SECRET_VALUES, SECRET_ID, TOKEN, K8S_JWT]) {
      expect(text).not.toContain(value);
    }
  });
});
