import { inspect } from 'node:util';
import { entraIdPlugin } from '@dual-auth/adapter-entraid';
import { keycloakPlugin } from '@dual-auth/adapter-keycloak';
import { getConfig, type SecretsBackendModule } from '@dual-auth/core';
import { createRecordingLogger } from '@dual-auth/testing';
import {
  type AwsSecretsManagerEmulator,
  referenceConfig,
  referenceSecrets,
  startAwsSecretsManagerEmulator,
} from '@dual-auth/testing/emulators';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as awsModule from './index.js';

const credentials = { accessKeyId: 'AKIDTESTONLY', secretAccessKey: 'test-only-secret-key' };
const values = referenceSecrets();
const SECRETS = {
  'dual-auth/DUAL_AUTH_VENDOR': 'keycloak',
  ...Object.fromEntries(Object.entries(values).map(([key, value]) => [`dual-auth/${key}`, value])),
};

let aws: AwsSecretsManagerEmulator;

beforeAll(async () => {
  aws = await startAwsSecretsManagerEmulator({ secrets: SECRETS });
});

afterAll(() => aws.close());

const backendOptions = () => ({ endpoint: aws.endpoint, caPem: aws.caPem, credentials });

/**
 * A Keycloak configuration resolved through DUAL_AUTH_SECRETS_BACKEND=aws and the loader, logging
 * to `logger`; each module the loader imported is pushed to `imported`.
 */
const keycloakConfig = (logger = createRecordingLogger(), imported: string[] = []) =>
  getConfig({
    plugins: [keycloakPlugin, entraIdPlugin],
    env: { DUAL_AUTH_SECRETS_BACKEND: 'aws' },
    backendOptions: backendOptions(),
    logger,
    importModule: async (specifier) => {
      imported.push(specifier);
      return awsModule;
    },
  });

/** An Entra ID configuration resolved with getConfig({ secretsBackend: 'aws' }), logging to `logger`. */
const entraIdConfig = (logger = createRecordingLogger()) =>
  getConfig({
    plugins: [keycloakPlugin, entraIdPlugin],
    vendor: 'entraid',
    secretsBackend: 'aws',
    backendOptions: backendOptions(),
    env: {},
    logger,
    importModule: async () => awsModule,
  });

describe('getConfig with the AWS backend', () => {
  it('is a SecretsBackendModule core can load', () => {
    const module: SecretsBackendModule = awsModule;
    expect(typeof module.createSecretsBackend).toBe('function');
  });

  it('resolves a Keycloak configuration through DUAL_AUTH_SECRETS_BACKEND=aws and the loader', async () => {
    const imported: string[] = [];
    const before = aws.requests.length;
    const config = await keycloakConfig(createRecordingLogger(), imported);
    expect(imported).toEqual(['@dual-auth/secrets-aws']);
    expect(config).toMatchObject({
      ...referenceConfig(values, 'keycloak'),
      audience: 'https://kc.example/realms/agbac',
    });
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
    const config = await entraIdConfig();
    expect(config).toMatchObject(referenceConfig(values, 'entraid'));
    expect(inspect(config)).not.toContain(values.AGENT_CLIENT_SECRET);
  });

  // Its own logger and resolution: the test passes or fails alone, in any order (shuffled).
  it('logged no secret value', async () => {
    const logger = createRecordingLogger();
    await keycloakConfig(logger);
    await entraIdConfig(logger);
    const logs = logger.records;
    const text = JSON.stringify(logs);
    expect(logs.length).toBeGreaterThan(0);
    const appKeyLine = values.APP_PRIVATE_KEY.split('\n')[1] ?? values.APP_PRIVATE_KEY;
    for (const value of [values.AGENT_CLIENT_SECRET, appKeyLine]) {
      expect(text).not.toContain(value);
    }
  });
});
