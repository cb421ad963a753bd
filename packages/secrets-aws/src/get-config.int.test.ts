import { generateKeyPairSync } from 'node:crypto';
import { inspect } from 'node:util';
import { entraIdPlugin } from '@dual-auth/adapter-entraid';
import { keycloakPlugin } from '@dual-auth/adapter-keycloak';
import { getConfig, type SecretsBackendModule } from '@dual-auth/core';
import { createRecordingLogger } from '@dual-auth/testing';
import {
  type AwsSecretsManagerEmulator,
  startAwsSecretsManagerEmulator,
} from '@dual-auth/testing/emulators';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as awsModule from './index.js';

const credentials = { accessKeyId: 'AKIDTESTONLY', secretAccessKey: 'test-only-secret-key' };
const APP_KEY = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  .privateKey.export({ format: 'pem', type: 'pkcs8' })
  .toString();
const KEYCLOAK_URL = 'https://kc.example.test/realms/agbac/protocol/openid-connect/token';
const ENTRA_URL = 'https://login.example.test/tenant-1/oauth2/v2.0/token';
const SECRETS = {
  'dual-auth/DUAL_AUTH_VENDOR': 'keycloak',
  'dual-auth/KEYCLOAK_TOKEN_URL': KEYCLOAK_URL,
  'dual-auth/AGENT_CLIENT_ID': 'agent-007',
  'dual-auth/AGENT_CLIENT_SECRET': 'kc-and-entra-client-secret',
  'dual-auth/ENTRAID_TOKEN_URL': ENTRA_URL,
  'dual-auth/API_SCOPE': 'api://finance-api/.default',
  'dual-auth/APP_ID': 'app-1234',
  'dual-auth/API_AUDIENCE': 'api://finance-api',
  'dual-auth/APP_PRIVATE_KEY': APP_KEY,
};

const logger = createRecordingLogger();
const logs = logger.records;

let aws: AwsSecretsManagerEmulator;

beforeAll(async () => {
  aws = await startAwsSecretsManagerEmulator({ secrets: SECRETS });
});

afterAll(() => aws.close());

const backendOptions = () => ({ endpoint: aws.endpoint, caPem: aws.caPem, credentials });

describe('getConfig with the AWS backend', () => {
  it('is a SecretsBackendModule core can load', () => {
    const module: SecretsBackendModule = awsModule;
    expect(typeof module.createSecretsBackend).toBe('function');
  });

  it('resolves a Keycloak configuration through DUAL_AUTH_SECRETS_BACKEND=aws and the loader', async () => {
    const imported: string[] = [];
    const before = aws.requests.length;
    const config = await getConfig({
      plugins: [keycloakPlugin, entraIdPlugin],
      env: { DUAL_AUTH_SECRETS_BACKEND: 'aws' },
      backendOptions: backendOptions(),
      logger,
      importModule: async (specifier) => {
        imported.push(specifier);
        return awsModule;
      },
    });
    expect(imported).toEqual(['@dual-auth/secrets-aws']);
    expect(config).toMatchObject({
      vendor: 'keycloak',
      tokenUrl: KEYCLOAK_URL,
      clientId: 'agent-007',
      audience: 'https://kc.example.test/realms/agbac',
    });
    expect(config.clientSecret).toBe('kc-and-entra-client-secret');
    expect(
      aws.requests
        .slice(before)
        .map((r) => r.secretId)
        .sort(),
    ).toEqual([
      'dual-auth/AGENT_CLIENT_ID',
      'dual-auth/AGENT_CLIENT_SECRET',
      'dual-auth/DUAL_AUTH_VENDOR',
      'dual-auth/KEYCLOAK_TOKEN_URL',
    ]);
  });

  it("resolves an Entra ID configuration with getConfig({ secretsBackend: 'aws' })", async () => {
    const config = await getConfig({
      plugins: [keycloakPlugin, entraIdPlugin],
      vendor: 'entraid',
      secretsBackend: 'aws',
      backendOptions: backendOptions(),
      env: {},
      logger,
      importModule: async () => awsModule,
    });
    expect(config).toMatchObject({
      vendor: 'entraid',
      tokenUrl: ENTRA_URL,
      clientId: 'agent-007',
      scope: 'api://finance-api/.default',
      appId: 'app-1234',
      actAudience: 'api://finance-api',
    });
    expect(config.clientSecret).toBe('kc-and-entra-client-secret');
    expect(config.appPrivateKey).toBe(APP_KEY.trim());
    expect(inspect(config)).not.toContain('kc-and-entra-client-secret');
  });

  it('logged no secret value', () => {
    const text = JSON.stringify(logs);
    expect(logs.length).toBeGreaterThan(0);
    for (const value of ['kc-and-entra-client-secret', APP_KEY.split('\n')[1] ?? APP_KEY]) {
      expect(text).not.toContain(value);
    }
  });
});
