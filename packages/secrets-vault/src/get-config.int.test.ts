import { generateKeyPairSync } from 'node:crypto';
import { inspect } from 'node:util';
import { entraIdPlugin } from '@dual-auth/adapter-entraid';
import { keycloakPlugin } from '@dual-auth/adapter-keycloak';
import { getConfig, type SecretsBackendModule } from '@dual-auth/core';
import { createRecordingLogger } from '@dual-auth/testing';
import { startVaultEmulator, type VaultEmulator } from '@dual-auth/testing/emulators';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as vaultModule from './index.js';

const TOKEN = 'hvs.test-only-token';
const APP_KEY = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  .privateKey.export({ format: 'pem', type: 'pkcs8' })
  .toString();
const KEYCLOAK_URL = 'https://kc.example.test/realms/agbac/protocol/openid-connect/token';
const ENTRA_URL = 'https://login.example.test/tenant-1/oauth2/v2.0/token';
const CLIENT_SECRET = 'kc-and-entra-client-secret';

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
      'secret/dual-auth/keycloak-token-url': value(KEYCLOAK_URL),
      'secret/dual-auth/agent-client-id': value('agent-007'),
      'secret/dual-auth/agent-client-secret': value(CLIENT_SECRET),
      'secret/dual-auth/entraid-token-url': value(ENTRA_URL),
      'secret/dual-auth/api-scope': value('api://finance-api/.default'),
      'secret/dual-auth/app-id': value('app-1234'),
      'secret/dual-auth/api-audience': value('api://finance-api'),
      'secret/dual-auth/app-private-key': value(APP_KEY),
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
      vendor: 'keycloak',
      tokenUrl: KEYCLOAK_URL,
      clientId: 'agent-007',
      audience: 'https://kc.example.test/realms/agbac',
    });
    expect(config.clientSecret).toBe(CLIENT_SECRET);
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
    expect(config).toMatchObject({
      vendor: 'entraid',
      tokenUrl: ENTRA_URL,
      clientId: 'agent-007',
      scope: 'api://finance-api/.default',
      appId: 'app-1234',
      actAudience: 'api://finance-api',
    });
    expect(config.clientSecret).toBe(CLIENT_SECRET);
    expect(config.appPrivateKey).toBe(APP_KEY.trim());
    expect(inspect(config)).not.toContain(CLIENT_SECRET);
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
      CLIENT_SECRET,
      TOKEN,
      'test-only-secret-id',
      APP_KEY.split('\n')[1] ?? APP_KEY,
    ]) {
      expect(text).not.toContain(value);
    }
  });
});
