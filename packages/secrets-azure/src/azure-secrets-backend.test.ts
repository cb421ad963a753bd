import { inspect } from 'node:util';
import { entraIdPlugin } from '@dual-auth/adapter-entraid';
import { keycloakPlugin } from '@dual-auth/adapter-keycloak';
import { getConfig, type SecretsBackendModule } from '@dual-auth/core';
import { createRecordingLogger, startHttpsServer } from '@dual-auth/testing';
import { secretsBackendFailure } from '@dual-auth/testing/conformance';
import {
  type AzureKeyVaultEmulator,
  kebabCaseReferenceSecrets,
  referenceConfig,
  referenceSecrets,
  startAzureKeyVaultEmulator,
} from '@dual-auth/testing/emulators';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AzureSecretsBackend,
  type AzureSecretsBackendOptions,
  createSecretsBackend,
} from './azure-secrets-backend.js';
import * as azureModule from './index.js';

// The emulator's `credential` is a real TokenCredential (getToken) that hands out the emulator's
// test token instead of asking Entra ID, which cannot be reached from here.
const logger = createRecordingLogger();
const values = referenceSecrets();
let vault: AzureKeyVaultEmulator;

beforeAll(async () => {
  vault = await startAzureKeyVaultEmulator({
    secrets: {
      ...kebabCaseReferenceSecrets(values),
      'dual-auth-empty': '',
      'dual-auth-denied': 'denied-value',
    },
  });
  vault.denySecret('dual-auth-denied');
});

afterAll(() => vault.close());

function options(extra: AzureSecretsBackendOptions = {}): AzureSecretsBackendOptions {
  return {
    env: { DUAL_AUTH_AZURE_VAULT_URL: vault.vaultUrl },
    credential: vault.credential,
    clientOptions: vault.clientOptions,
    logger,
    ...extra,
  };
}

function backend(extra: AzureSecretsBackendOptions = {}): AzureSecretsBackend {
  return new AzureSecretsBackend(options(extra));
}

function authorizedReads(): () => number {
  const count = () => vault.requests.filter((r) => r.authorization !== undefined).length;
  const start = count();
  return () => count() - start;
}

const importAzure = async (specifier: string) => {
  expect(specifier).toBe('@dual-auth/secrets-azure');
  return azureModule;
};

describe('getConfig through AzureSecretsBackend and the real SDK', () => {
  it('resolves a Keycloak configuration from Key Vault under the reference names', async () => {
    const before = vault.requests.length;
    const config = await getConfig({
      plugins: [keycloakPlugin, entraIdPlugin],
      vendor: 'keycloak',
      secretsBackend: 'azure',
      backendOptions: { credential: vault.credential, clientOptions: vault.clientOptions },
      env: { DUAL_AUTH_AZURE_VAULT_URL: vault.vaultUrl },
      importModule: importAzure,
      logger,
    });
    expect(config).toMatchObject(referenceConfig(values, 'keycloak'));
    const seen = vault.requests.slice(before);
    expect(new Set(seen.map((r) => r.secretName))).toEqual(
      new Set([
        'dual-auth-keycloak-token-url',
        'dual-auth-agent-client-id',
        'dual-auth-agent-client-secret',
      ]),
    );
    // The bearer challenge: unauthenticated first, 401, then the token for the challenge's scope.
    expect(seen[0]).toMatchObject({ authorization: undefined, status: 401 });
    expect(seen.filter((r) => r.status === 200)).toHaveLength(3);
    for (const request of seen) {
      expect(request.path).toMatch(/^\/secrets\/dual-auth-[a-z-]+\/$/);
      expect(request.apiVersion).toMatch(/^\d{4}-\d{2}-\d{2}$|^7\.\d$/);
    }
    expect(vault.credential.requests.at(-1)).toEqual({
      scopes: ['https://vault.azure.net/.default'],
      tenantId: vault.tenantId,
    });
  });

  it('resolves an Entra ID configuration, vendor read from the store, backend from DUAL_AUTH_SECRETS_BACKEND', async () => {
    vault.setSecret('dual-auth-vendor', 'entraid');
    try {
      const config = await getConfig({
        plugins: [keycloakPlugin, entraIdPlugin],
        env: { DUAL_AUTH_SECRETS_BACKEND: 'azure', DUAL_AUTH_AZURE_VAULT_URL: vault.vaultUrl },
        backendOptions: { credential: vault.credential, clientOptions: vault.clientOptions },
        importModule: importAzure,
        logger,
      });
      expect(config).toMatchObject(referenceConfig(values, 'entraid'));
    } finally {
      vault.deleteSecret('dual-auth-vendor');
    }
  });

  it('is a SecretsBackendModule core can load', () => {
    const module: SecretsBackendModule = azureModule;
    const created = module.createSecretsBackend(options() as Record<string, unknown>);
    expect(created).toMatchObject({ specificationVersion: 'v1', backendName: 'azure' });
  });
});

describe('AzureSecretsBackend reads', () => {
  it('maps keys to the reference secret names', () => {
    const b = backend();
    expect(b.secretName('AGENT_CLIENT_SECRET')).toBe('dual-auth-agent-client-secret');
    expect(b.secretName('DUAL_AUTH_VENDOR')).toBe('dual-auth-vendor');
    expect(backend({ secretPrefix: 'Team-A-' }).secretName('API_SCOPE')).toBe('Team-A-api-scope');
  });

  it('returns values byte for byte and reads vault URL and prefix from env, options winning', async () => {
    vault.setSecret('custom-padded', ' spaced \n');
    const fromEnv = backend({
      env: {
        DUAL_AUTH_AZURE_VAULT_URL: ` ${vault.vaultUrl} `,
        DUAL_AUTH_AZURE_SECRET_PREFIX: 'custom-',
      },
    });
    expect(fromEnv.vaultUrl).toBe(vault.vaultUrl);
    await expect(fromEnv.getSecret('PADDED')).resolves.toBe(' spaced \n');
    const fromOptions = backend({
      env: {
        DUAL_AUTH_AZURE_VAULT_URL: 'https://elsewhere.vault.azure.net',
        DUAL_AUTH_AZURE_SECRET_PREFIX: 'custom-',
      },
      vaultUrl: vault.vaultUrl,
      secretPrefix: 'dual-auth-',
    });
    await expect(fromOptions.getSecret('AGENT_CLIENT_ID')).resolves.toBe(values.AGENT_CLIENT_ID);
  });

  it('rides out one throttling answer when the SDK may retry (Retry-After honoured)', async () => {
    vault.failNext('throttled');
    const b = backend({
      clientOptions: { ...vault.clientOptions, retryOptions: { maxRetries: 1 } },
    });
    await expect(b.getSecret('APP_ID')).resolves.toBe(values.APP_ID);
  });
});

describe('AzureSecretsBackend errors', () => {
  it('a missing secret is a SecretsBackendError when required, undefined otherwise', async () => {
    const b = backend();
    const error = await secretsBackendFailure(b.getSecret('NO_SUCH_KEY'));
    expect(error).toMatchObject({
      backend: 'azure',
      key: 'NO_SUCH_KEY',
      message: "Azure Key Vault secret 'dual-auth-no-such-key' not found.",
    });
    expect(error.hint).toContain('DUAL_AUTH_AZURE_VAULT_URL');
    await expect(b.getSecret('NO_SUCH_KEY', { required: false })).resolves.toBeUndefined();
  });

  it('an empty secret counts as missing', async () => {
    const b = backend();
    expect((await secretsBackendFailure(b.getSecret('EMPTY'))).message).toBe(
      "Azure Key Vault secret 'dual-auth-empty' is empty.",
    );
    await expect(b.getSecret('EMPTY', { required: false })).resolves.toBeUndefined();
  });

  it('403 Forbidden is access denied, also when not required', async () => {
    const error = await secretsBackendFailure(backend().getSecret('DENIED', { required: false }));
    expect(error).toMatchObject({
      backend: 'azure',
      key: 'DENIED',
      message: "Access denied to Azure Key Vault secret 'dual-auth-denied' (Forbidden).",
    });
    expect(error.hint).toContain('Key Vault Secrets User');
  });

  it('429 Throttled is throttling', async () => {
    vault.failNext('throttled');
    const error = await secretsBackendFailure(backend().getSecret('AGENT_CLIENT_ID'));
    expect(error.message).toBe(
      "Azure Key Vault throttled reading secret 'dual-auth-agent-client-id' (Throttled).",
    );
  });

  it('503, a reset connection and a dead endpoint are the vault being unreachable', async () => {
    vault.failNext('unavailable');
    expect((await secretsBackendFailure(backend().getSecret('AGENT_CLIENT_ID'))).message).toBe(
      "Azure Key Vault is unreachable reading secret 'dual-auth-agent-client-id' (ServiceUnavailable).",
    );
    vault.failNext('reset');
    expect((await secretsBackendFailure(backend().getSecret('AGENT_CLIENT_ID'))).message).toMatch(
      /^Azure Key Vault is unreachable reading secret 'dual-auth-agent-client-id' \(ECONNRESET\)/,
    );
    const dead = await startAzureKeyVaultEmulator({ ca: vault.ca });
    await dead.close();
    const error = await secretsBackendFailure(
      backend({ vaultUrl: dead.vaultUrl }).getSecret('AGENT_CLIENT_ID'),
    );
    expect(error.message).toBe(
      "Azure Key Vault is unreachable reading secret 'dual-auth-agent-client-id' (ECONNREFUSED).",
    );
  });

  it('a vault that accepts the connection and never answers is unreachable after timeoutMs', async () => {
    const silent = await startHttpsServer(() => {}, { ca: vault.ca });
    try {
      const b = backend({ vaultUrl: silent.url, timeoutMs: 200 });
      const error = await secretsBackendFailure(b.getSecret('AGENT_CLIENT_ID'));
      expect(error.message).toMatch(
        /^Azure Key Vault is unreachable reading secret 'dual-auth-agent-client-id'/,
      );
      expect(() => backend({ timeoutMs: -1 })).toThrow(TypeError);
    } finally {
      await silent.close();
    }
  });

  it('a token Key Vault refuses is an authentication failure', async () => {
    vault.failNext('unauthorized');
    const error = await secretsBackendFailure(backend().getSecret('AGENT_CLIENT_ID'));
    expect(error.message).toBe(
      "Azure authentication failed accessing secret 'dual-auth-agent-client-id'.",
    );
  });

  it('a credential that cannot get a token is an authentication failure', async () => {
    vault.credential.failNext(
      'CredentialUnavailableError',
      'EnvironmentCredential is unavailable.',
    );
    const error = await secretsBackendFailure(backend().getSecret('AGENT_CLIENT_ID'));
    expect(error.message).toBe(
      'Azure authentication failed: CredentialUnavailableError: EnvironmentCredential is unavailable.',
    );
    expect(error.hint).toContain('DefaultAzureCredential');
  });

  it('checks by default that the challenge resource is a parent domain of the vault', async () => {
    const clientOptions = { ...vault.clientOptions, disableChallengeResourceVerification: false };
    const error = await secretsBackendFailure(
      backend({ clientOptions }).getSecret('AGENT_CLIENT_ID'),
    );
    expect(error.message).toBe(
      "Azure Key Vault authentication challenge rejected reading secret 'dual-auth-agent-client-id'.",
    );
  });

  it('errors hold neither the Bearer token nor a value', async () => {
    vault.failNext('forbidden');
    const error = await secretsBackendFailure(backend().getSecret('AGENT_CLIENT_SECRET'));
    expect(error.message).toMatch(/^Access denied/);
    const token = vault.requests.at(-1)?.authorization?.slice('Bearer '.length) as string;
    expect(token.length).toBeGreaterThan(20);
    for (const text of [String(error), JSON.stringify(error), inspect(error, { depth: 10 })]) {
      expect(text).not.toContain(token);
      expect(text).not.toContain(values.AGENT_CLIENT_SECRET);
    }
    expect(Object.keys(error.cause as object)).toEqual(['name', 'code']);
  });

  it('a 200 whose body is cut off is a malformed answer that never quotes the body', async () => {
    vault.failNext('malformed');
    const error = await secretsBackendFailure(backend().getSecret('AGENT_CLIENT_SECRET'));
    expect(error).toMatchObject({
      backend: 'azure',
      key: 'AGENT_CLIENT_SECRET',
      message:
        "Azure Key Vault answered reading secret 'dual-auth-agent-client-secret' with a body that is not a secret bundle (PARSE_ERROR).",
    });
    for (const text of [String(error), JSON.stringify(error), inspect(error, { depth: 10 })]) {
      expect(text).not.toContain(values.AGENT_CLIENT_SECRET);
    }
  });

  it('keys that would not make a valid secret name are refused before any request', async () => {
    const count = authorizedReads();
    const error = await secretsBackendFailure(backend().getSecret('../keys/other'));
    expect(error).toMatchObject({ backend: 'azure', key: '../keys/other' });
    expect(count()).toBe(0);
  });

  it('a missing or non-HTTPS vault URL is the reference error; bad settings and option types are refused', async () => {
    expect(() => new AzureSecretsBackend({ env: {} })).toThrow(
      'DUAL_AUTH_AZURE_VAULT_URL environment variable is required for Azure backend.',
    );
    // Mend (Session 20, mend20): these named the variable when the value came from the option.
    expect(
      () => new AzureSecretsBackend({ env: {}, vaultUrl: 'http://v.vault.azure.net' }),
    ).toThrow('the vaultUrl option must use HTTPS, without credentials in the URL.');
    expect(
      () =>
        new AzureSecretsBackend({ env: { DUAL_AUTH_AZURE_VAULT_URL: 'http://v.vault.azure.net' } }),
    ).toThrow('DUAL_AUTH_AZURE_VAULT_URL must use HTTPS, without credentials in the URL.');
    expect(() => new AzureSecretsBackend({ env: {}, vaultUrl: 'not a url' })).toThrow(
      'the vaultUrl option is not a valid URL.',
    );
    expect(() => backend({ secretPrefix: 'dual_auth_' })).toThrow(
      /^the secretPrefix option may contain only/,
    );
    const envPrefix = {
      DUAL_AUTH_AZURE_VAULT_URL: 'https://v.vault.azure.net',
      DUAL_AUTH_AZURE_SECRET_PREFIX: 'dual_auth_',
    };
    expect(() => new AzureSecretsBackend({ env: envPrefix })).toThrow(
      /^DUAL_AUTH_AZURE_SECRET_PREFIX may contain only/,
    );
    expect(() => backend({ vaultUrl: 1 as never })).toThrow(TypeError);
    expect(() => backend({ credential: 'token' as never })).toThrow(TypeError);
    expect(() => new AzureSecretsBackend(null as never)).toThrow(TypeError);
    await expect(backend().getSecret(undefined as never)).rejects.toThrow(TypeError);
  });
});

describe('AzureSecretsBackend cache', () => {
  it('clearCache forgets what was read', async () => {
    const b = backend();
    await b.getSecret('API_SCOPE');
    const count = authorizedReads();
    b.clearCache();
    await b.getSecret('API_SCOPE');
    await b.getSecret('API_SCOPE');
    expect(count()).toBe(1);
  });
});

describe('AzureSecretsBackend secrecy', () => {
  it('the backend prints its vault URL and prefix only', () => {
    const b = createSecretsBackend(options());
    expect(String(b)).toBe(
      `AzureSecretsBackend { vaultUrl: ${vault.vaultUrl}, prefix: dual-auth- }`,
    );
    expect(JSON.parse(JSON.stringify(b))).toEqual({
      backendName: 'azure',
      vaultUrl: vault.vaultUrl,
      secretPrefix: 'dual-auth-',
    });
    expect(inspect(b)).toBe(String(b));
  });
});
