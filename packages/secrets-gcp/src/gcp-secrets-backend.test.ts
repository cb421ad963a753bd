import { inspect } from 'node:util';
import { entraIdPlugin } from '@dual-auth/adapter-entraid';
import { keycloakPlugin } from '@dual-auth/adapter-keycloak';
import { ConfigurationError, getConfig, type SecretsBackendModule } from '@dual-auth/core';
import { createRecordingLogger, startHttpsServer } from '@dual-auth/testing';
import { secretsBackendFailure } from '@dual-auth/testing/conformance';
import {
  type GcpSecretManagerEmulator,
  kebabCaseReferenceSecrets,
  referenceConfig,
  referenceSecrets,
  startGcpSecretManagerEmulator,
} from '@dual-auth/testing/emulators';
import { SecretManagerServiceClient } from '@google-cloud/secret-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createSecretsBackend,
  GcpSecretsBackend,
  type GcpSecretsBackendOptions,
} from './gcp-secrets-backend.js';
import * as gcpModule from './index.js';

const logger = createRecordingLogger();
const values = referenceSecrets();
const opened: GcpSecretsBackend[] = [];
let gcp: GcpSecretManagerEmulator;
// One SDK client for most tests: each new one makes google-auth-library print a deprecation notice.
let client: SecretManagerServiceClient;

beforeAll(async () => {
  gcp = await startGcpSecretManagerEmulator({
    secrets: {
      ...kebabCaseReferenceSecrets(values),
      'dual-auth-empty': '',
      'dual-auth-not-utf8': new Uint8Array([0xc3, 0x28, 0xff]),
      'dual-auth-denied': 'denied-value',
    },
  });
  gcp.denySecret('dual-auth-denied');
  client = new SecretManagerServiceClient(gcp.clientOptions);
});

afterAll(async () => {
  await Promise.all(opened.map((b) => b.close()));
  await client.close();
  await gcp.close();
});

function options(extra: GcpSecretsBackendOptions = {}): GcpSecretsBackendOptions {
  return {
    env: { DUAL_AUTH_GCP_PROJECT: gcp.projectId },
    ...(extra.clientOptions === undefined ? { client } : {}),
    logger,
    ...extra,
  };
}

function backend(extra: GcpSecretsBackendOptions = {}): GcpSecretsBackend {
  const created = new GcpSecretsBackend(options(extra));
  opened.push(created);
  return created;
}

function accessCount(): () => number {
  const start = gcp.requests.filter((r) => r.rpc === 'AccessSecretVersion').length;
  return () => gcp.requests.filter((r) => r.rpc === 'AccessSecretVersion').length - start;
}

const importGcp = async (specifier: string) => {
  expect(specifier).toBe('@dual-auth/secrets-gcp');
  return gcpModule;
};

describe('getConfig through GcpSecretsBackend and the real SDK', () => {
  it('resolves a Keycloak configuration from Secret Manager under the reference names', async () => {
    const before = gcp.requests.length;
    const config = await getConfig({
      plugins: [keycloakPlugin, entraIdPlugin],
      vendor: 'keycloak',
      secretsBackend: 'gcp',
      backendOptions: { clientOptions: gcp.clientOptions },
      env: { DUAL_AUTH_GCP_PROJECT: gcp.projectId },
      importModule: importGcp,
      logger,
    });
    expect(config).toMatchObject({
      ...referenceConfig(values, 'keycloak'),
      audience: 'https://kc.example/realms/agbac',
    });
    const ids = gcp.requests
      .slice(before)
      .filter((r) => r.rpc === 'AccessSecretVersion')
      .map((r) => r.secretId);
    expect(new Set(ids)).toEqual(
      new Set([
        'dual-auth-keycloak-token-url',
        'dual-auth-agent-client-id',
        'dual-auth-agent-client-secret',
      ]),
    );
    const accesses = gcp.requests.slice(before).filter((r) => r.rpc === 'AccessSecretVersion');
    for (const request of accesses) {
      expect(request.path).toMatch(
        new RegExp(`^/v1/projects/${gcp.projectId}/secrets/[a-z-]+/versions/latest:access$`),
      );
      expect(request.authorization).toMatch(/^Bearer ya29\.emulator-/);
    }
  });

  it('resolves an Entra ID configuration, vendor read from the store, backend from DUAL_AUTH_SECRETS_BACKEND', async () => {
    gcp.setSecret('dual-auth-vendor', 'entraid');
    try {
      const config = await getConfig({
        plugins: [keycloakPlugin, entraIdPlugin],
        env: { DUAL_AUTH_SECRETS_BACKEND: 'gcp', DUAL_AUTH_GCP_PROJECT: gcp.projectId },
        backendOptions: { clientOptions: gcp.clientOptions },
        importModule: importGcp,
        logger,
      });
      expect(config).toMatchObject(referenceConfig(values, 'entraid'));
    } finally {
      gcp.deleteSecret('dual-auth-vendor');
    }
  });

  it('is a SecretsBackendModule core can load', () => {
    const module: SecretsBackendModule = gcpModule;
    const created = module.createSecretsBackend(options() as Record<string, unknown>);
    opened.push(created as GcpSecretsBackend);
    expect(created).toMatchObject({ specificationVersion: 'v1', backendName: 'gcp' });
  });
});

describe('GcpSecretsBackend reads', () => {
  it('maps keys to the reference secret ids, including DUAL_AUTH_VENDOR and prefixed keys', () => {
    const b = backend();
    expect(b.secretId('AGENT_CLIENT_SECRET')).toBe('dual-auth-agent-client-secret');
    expect(b.secretId('DUAL_AUTH_VENDOR')).toBe('dual-auth-vendor');
    expect(backend({ secretPrefix: 'Team-A-' }).secretId('API_SCOPE')).toBe('Team-A-api-scope');
    expect(backend({ secretPrefix: 'Team-A-' }).secretId('team-a-api-scope')).toBe(
      'team-a-api-scope',
    );
  });

  it('returns values byte for byte (no trimming) from the latest version', async () => {
    const b = backend();
    gcp.setSecret('dual-auth-padded', '  spaced value \n');
    await expect(b.getSecret('PADDED')).resolves.toBe('  spaced value \n');
    gcp.setSecret('dual-auth-padded', 'second version');
    await expect(backend().getSecret('PADDED')).resolves.toBe('second version');
  });

  it('reads the project and prefix from env, options winning', async () => {
    gcp.setSecret('custom-agent-client-id', 'from-custom-prefix');
    const fromEnv = backend({
      env: { DUAL_AUTH_GCP_PROJECT: `  ${gcp.projectId} `, DUAL_AUTH_GCP_SECRET_PREFIX: 'custom-' },
    });
    expect(fromEnv.projectId).toBe(gcp.projectId);
    await expect(fromEnv.getSecret('AGENT_CLIENT_ID')).resolves.toBe('from-custom-prefix');
    const fromOptions = backend({
      env: { DUAL_AUTH_GCP_PROJECT: 'other-project', DUAL_AUTH_GCP_SECRET_PREFIX: 'custom-' },
      projectId: gcp.projectId,
      secretPrefix: 'dual-auth-',
    });
    await expect(fromOptions.getSecret('AGENT_CLIENT_ID')).resolves.toBe(values.AGENT_CLIENT_ID);
  });
});

describe('GcpSecretsBackend errors', () => {
  it('a missing secret is a SecretsBackendError when required, undefined otherwise', async () => {
    const b = backend();
    const error = await secretsBackendFailure(b.getSecret('NO_SUCH_KEY'));
    expect(error).toMatchObject({
      backend: 'gcp',
      key: 'NO_SUCH_KEY',
      message: `GCP secret 'dual-auth-no-such-key' not found in project '${gcp.projectId}'.`,
    });
    expect(error.hint).toContain('DUAL_AUTH_GCP_PROJECT');
    await expect(b.getSecret('NO_SUCH_KEY', { required: false })).resolves.toBeUndefined();
  });

  it('an empty secret counts as missing', async () => {
    const b = backend();
    const error = await secretsBackendFailure(b.getSecret('EMPTY'));
    expect(error.message).toBe(
      `GCP secret 'dual-auth-empty' in project '${gcp.projectId}' is empty.`,
    );
    await expect(b.getSecret('EMPTY', { required: false })).resolves.toBeUndefined();
  });

  it('403 PERMISSION_DENIED is access denied, also when not required', async () => {
    const error = await secretsBackendFailure(backend().getSecret('DENIED', { required: false }));
    expect(error).toMatchObject({
      backend: 'gcp',
      key: 'DENIED',
      message: "Permission denied accessing GCP secret 'dual-auth-denied'.",
    });
    expect(error.hint).toContain('roles/secretmanager.secretAccessor');
    expect(error.cause).toMatchObject({ code: 'PERMISSION_DENIED' });
  });

  it('429 RESOURCE_EXHAUSTED is throttling', async () => {
    gcp.failNext('resource-exhausted');
    const error = await secretsBackendFailure(backend().getSecret('AGENT_CLIENT_ID'));
    expect(error.message).toBe(
      "GCP Secret Manager throttled reading secret 'dual-auth-agent-client-id' (RESOURCE_EXHAUSTED).",
    );
    expect(error.hint).toContain('Retry later');
  });

  it('503 UNAVAILABLE and a reset connection are the service being unreachable', async () => {
    gcp.failNext('unavailable');
    const unavailable = await secretsBackendFailure(backend().getSecret('AGENT_CLIENT_ID'));
    expect(unavailable.message).toMatch(/unreachable .* \(UNAVAILABLE\)\.$/);
    gcp.failNext('reset');
    const reset = await secretsBackendFailure(backend().getSecret('AGENT_CLIENT_ID'));
    expect(reset.message).toMatch(/unreachable reading secret 'dual-auth-agent-client-id'/);
  });

  it('a dead endpoint (closed port) is the service being unreachable, without waiting for the deadline', async () => {
    const dead = await startGcpSecretManagerEmulator({ ca: gcp.ca });
    await dead.close();
    // A deadline no test run reaches: the refusal itself must end the read, whatever the load.
    const b = backend({ clientOptions: dead.clientOptions, timeoutMs: 600_000 });
    const error = await secretsBackendFailure(b.getSecret('AGENT_CLIENT_ID'));
    expect(error).toMatchObject({ backend: 'gcp', key: 'AGENT_CLIENT_ID' });
    expect(error.message).toMatch(/unreachable/);
    expect(error.message).not.toMatch(/DEADLINE_EXCEEDED/);
  });

  it('a token endpoint that never answers is the service being unreachable, within the call timeout', async () => {
    const silent = await startHttpsServer(() => {}, { ca: gcp.ca });
    try {
      const clientOptions = {
        ...gcp.clientOptions,
        clientOptions: {
          ...gcp.clientOptions.clientOptions,
          endpoints: { oauth2TokenUrl: `${silent.url}/token` },
        },
      };
      const b = backend({ clientOptions, timeoutMs: 300 });
      const error = await secretsBackendFailure(b.getSecret('AGENT_CLIENT_ID'));
      expect(error.message).toBe(
        "GCP Secret Manager is unreachable reading secret 'dual-auth-agent-client-id' (DEADLINE_EXCEEDED).",
      );
    } finally {
      await silent.close();
    }
  });

  it('401 UNAUTHENTICATED is an authentication failure', async () => {
    gcp.failNext('unauthenticated');
    const error = await secretsBackendFailure(backend().getSecret('AGENT_CLIENT_ID'));
    expect(error.message).toMatch(
      /^GCP authentication failed accessing secret 'dual-auth-agent-client-id' \(Request had invalid authentication credentials/,
    );
    expect(error.hint).toContain('Application Default Credentials');
  });

  it('credentials the token endpoint rejects are an authentication failure', async () => {
    const clientOptions = {
      ...gcp.clientOptions,
      credentials: { ...gcp.credentials, refresh_token: 'revoked' },
    };
    const error = await secretsBackendFailure(
      backend({ clientOptions }).getSecret('AGENT_CLIENT_ID'),
    );
    expect(error.message).toBe(
      "GCP authentication failed accessing secret 'dual-auth-agent-client-id' (invalid_grant).",
    );
    expect(error.cause).toMatchObject({ message: 'invalid_grant', code: 'UNAUTHENTICATED' });
    expect(Object.keys(error.cause as object)).toEqual(['name', 'code']);
    expect(inspect(error, { depth: 10 })).not.toContain(gcp.credentials.client_secret);
  });

  it('a payload that is not UTF-8 or fails its CRC32C is malformed, and the bytes stay out', async () => {
    const notUtf8 = await secretsBackendFailure(backend().getSecret('NOT_UTF8'));
    expect(notUtf8.message).toBe("GCP secret 'dual-auth-not-utf8' is not valid UTF-8 text.");
    gcp.failNext('corrupt-checksum');
    const corrupt = await secretsBackendFailure(backend().getSecret('AGENT_CLIENT_SECRET'));
    expect(corrupt.message).toBe(
      "GCP secret 'dual-auth-agent-client-secret' failed its CRC32C check.",
    );
    for (const text of [String(corrupt), JSON.stringify(corrupt), inspect(corrupt, { depth: 5 })]) {
      expect(text).not.toContain(values.AGENT_CLIENT_SECRET);
    }
  });

  it('a 200 whose body is cut off is an error that never quotes the payload', async () => {
    gcp.failNext('malformed');
    const error = await secretsBackendFailure(backend().getSecret('AGENT_CLIENT_SECRET'));
    expect(error).toMatchObject({ backend: 'gcp', key: 'AGENT_CLIENT_SECRET' });
    const base64 = Buffer.from(values.AGENT_CLIENT_SECRET as string).toString('base64');
    for (const text of [String(error), JSON.stringify(error), inspect(error, { depth: 10 })]) {
      expect(text).not.toContain(values.AGENT_CLIENT_SECRET);
      expect(text).not.toContain(base64);
    }
  });

  it('keys that would not make a valid secret id are refused before any request', async () => {
    const count = accessCount();
    const error = await secretsBackendFailure(backend().getSecret('../other/secret'));
    expect(error).toMatchObject({ backend: 'gcp', key: '../other/secret' });
    expect(count()).toBe(0);
  });

  it('a missing project is the reference error; bad settings and option types are refused', async () => {
    expect(() => new GcpSecretsBackend({ env: {} })).toThrow(
      'DUAL_AUTH_GCP_PROJECT environment variable is required for GCP backend.',
    );
    const blank = () => new GcpSecretsBackend({ env: { DUAL_AUTH_GCP_PROJECT: '  ' } });
    expect(blank).toThrow(ConfigurationError);
    expect(blank).toThrow(/^DUAL_AUTH_GCP_PROJECT is only whitespace: /);
    // Mend (Session 20, mend20): these named the variable when the value came from the option.
    expect(() => new GcpSecretsBackend({ projectId: 'a/b', env: {} })).toThrow(
      'the projectId option is not a valid project id or number.',
    );
    expect(() => new GcpSecretsBackend({ env: { DUAL_AUTH_GCP_PROJECT: 'a/b' } })).toThrow(
      'DUAL_AUTH_GCP_PROJECT is not a valid project id or number.',
    );
    expect(() => new GcpSecretsBackend({ ...options(), secretPrefix: 'dual/auth' })).toThrow(
      /^the secretPrefix option may contain only/,
    );
    const envPrefix = { DUAL_AUTH_GCP_PROJECT: 'p', DUAL_AUTH_GCP_SECRET_PREFIX: 'dual/auth' };
    expect(() => new GcpSecretsBackend({ env: envPrefix })).toThrow(
      /^DUAL_AUTH_GCP_SECRET_PREFIX may contain only/,
    );
    expect(() => new GcpSecretsBackend({ ...options(), projectId: 42 as never })).toThrow(
      TypeError,
    );
    expect(() => new GcpSecretsBackend({ ...options(), cacheTtlMs: -1 })).toThrow(TypeError);
    expect(() => new GcpSecretsBackend(null as never)).toThrow(TypeError);
    const b = backend();
    await expect(b.getSecret(1 as never)).rejects.toThrow(TypeError);
    await expect(b.getSecret('A', { required: 'no' as never })).rejects.toThrow(TypeError);
  });

  it('takes its deadline as timeoutMs and refuses the unitless callOptions.timeout', () => {
    expect(
      () => new GcpSecretsBackend({ ...options(), callOptions: { timeout: 30 } as never }),
    ).toThrow(
      'GcpSecretsBackend: callOptions.timeout is not used; pass timeoutMs (milliseconds) instead',
    );
    for (const timeoutMs of [0, -1, Number.NaN, Number.POSITIVE_INFINITY, '30' as never]) {
      expect(() => new GcpSecretsBackend({ ...options(), timeoutMs })).toThrow(TypeError);
    }
    expect(() => new GcpSecretsBackend({ ...options(), timeoutMs: 30_000 })).not.toThrow();
  });
});

describe('GcpSecretsBackend cache', () => {
  it('cacheTtlMs 0 reads every time; clearCache forgets', async () => {
    const count = accessCount();
    const uncached = backend({ cacheTtlMs: 0 });
    await uncached.getSecret('APP_ID');
    await uncached.getSecret('APP_ID');
    expect(count()).toBe(2);
    const cached = backend();
    await cached.getSecret('APP_ID');
    cached.clearCache();
    await cached.getSecret('APP_ID');
    expect(count()).toBe(4);
  });
});

describe('GcpSecretsBackend secrecy', () => {
  it('the backend prints its project and prefix only', () => {
    const b = createSecretsBackend(options());
    opened.push(b);
    expect(String(b)).toBe(`GcpSecretsBackend { project: ${gcp.projectId}, prefix: dual-auth- }`);
    expect(JSON.parse(JSON.stringify(b))).toEqual({
      backendName: 'gcp',
      projectId: gcp.projectId,
      secretPrefix: 'dual-auth-',
    });
    expect(inspect(b)).toBe(String(b));
  });
});
