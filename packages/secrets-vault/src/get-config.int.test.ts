import { inspect } from 'node:util';
import { entraIdPlugin } from '@dual-auth/adapter-entraid';
import { keycloakPlugin } from '@dual-auth/adapter-keycloak';
import { getConfig, type SecretsBackendModule } from '@dual-auth/core';
import { createRecordingLogger } from '@dual-auth/testing';
import {
  kebabCaseReferenceSecrets,
  referenceConfig,
  referenceSecrets,
  startVaultEmulator,
  type VaultEmulator,
} from '@dual-auth/testing/emulators';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as vaultModule from './index.js';

const TOKEN = 'hvs.test-only-token';
const values = referenceSecrets();

const logger = createRecordingLogger();
const logs = logger.records;

let vault: VaultEmulator;

beforeAll(async () => {
  const value = (v: string) => ({ value: v });
  vault = await startVaultEmulator({
    tokens: [TOKEN],
    appRoles: { 'dual-auth-role': 'test-only-secret-id' },
    secrets: {
      // Where the Python library put DUAL_AUTH_VENDOR (outside the prefix).
      'secret/dual-auth-vendor': value('keycloak'),
      ...Object.fromEntries(
        Object.entries(kebabCaseReferenceSecrets(values, 'secret/dual-auth/')).map(
          ([path, secret]) => [path, value(secret)],
        ),
      ),
    },
  });
});

afterAll(() => vault.close());

describe('getConfig with the Vault backend', () => {
  it('is a SecretsBackendModule core can load', () => {
    const module: SecretsBackendModule = vaultModule;
    expect(typeof module.createSecretsBackend).toBe('function');
  });

  it('resolves a Keycloak configuration through DUAL_AUTH_SECRETS_BACKEND=hashicorp', async () => {
    const imported: string[] = [];
    const config = await getConfig({
      plugins: [keycloakPlugin, entraIdPlugin],
      env: {
        DUAL_AUTH_SECRETS_BACKEND: 'hashicorp',
        VAULT_ADDR: vault.endpoint,
        VAULT_TOKEN: TOKEN,
      },
      backendOptions: { caPem: vault.caPem },
      logger,
      importModule: async (specifier) => {
        imported.push(specifier);
        return vaultModule;
      },
    });
    expect(imported).toEqual(['@dual-auth/secrets-vault']);
    expect(config).toMatchObject({
      ...referenceConfig(values, 'keycloak'),
      audience: 'https://kc.example/realms/agbac',
    });
  });

  it("resolves an Entra ID configuration with getConfig({ secretsBackend: 'vault' }) and AppRole", async () => {
    const before = vault.requests.length;
    const config = await getConfig({
      plugins: [keycloakPlugin, entraIdPlugin],
      vendor: 'entraid',
      secretsBackend: 'vault',
      env: {
        VAULT_ADDR: vault.endpoint,
        VAULT_ROLE_ID: 'dual-auth-role',
        VAULT_SECRET_ID: 'test-only-secret-id',
      },
      backendOptions: { caPem: vault.caPem },
      logger,
      importModule: async () => vaultModule,
    });
    expect(config).toMatchObject(referenceConfig(values, 'entraid'));
    expect(inspect(config)).not.toContain(values.AGENT_CLIENT_SECRET);
    const logins = vault.requests.slice(before).filter((r) => r.path.endsWith('/login'));
    expect(logins).toHaveLength(1);
  });

  it('a backend instance reused across getConfig calls reads each secret once', async () => {
    const backend = vaultModule.createSecretsBackend({
      env: { VAULT_ADDR: vault.endpoint, VAULT_TOKEN: TOKEN },
      caPem: vault.caPem,
      logger,
    });
    const config = {
      backend,
      env: {},
      logger,
      vendor: 'keycloak',
      plugins: [keycloakPlugin],
    } as const;
    const before = vault.requests.length;
    await getConfig(config);
    const first = vault.requests.length - before;
    await getConfig(config);
    expect(first).toBe(4);
    expect(vault.requests.length - before).toBe(4);
  });

  it('logged no secret value or credential', () => {
    const text = JSON.stringify(logs);
    expect(logs.length).toBeGreaterThan(0);
    for (const value of [
      values.AGENT_CLIENT_SECRET,
      TOKEN,
      'test-only-secret-id',
      values.APP_PRIVATE_KEY.split('\n')[1] ?? values.APP_PRIVATE_KEY,
    ]) {
      expect(text).not.toContain(value);
    }
  });
});
