import {
  type GetSecretOptions,
  getConfig,
  type SecretsBackend,
  SecretsBackendError,
} from '@dual-auth/core';
import { describe, expect, it } from 'vitest';
import { auth0Plugin } from './auth0-plugin.js';

const ENV = {
  AUTH0_TOKEN_URL: 'https://t.auth0.com/oauth/token',
  AGENT_CLIENT_ID: 'finance-agent',
  AGENT_CLIENT_SECRET: 'agent-secret-never-logged',
  API_AUDIENCE: 'https://api',
};
const plugins = [auth0Plugin];

describe('auth0Plugin through getConfig', () => {
  it('audience is API_AUDIENCE', async () => {
    const config = await getConfig({ vendor: 'auth0', env: ENV, plugins });
    expect(config).toMatchObject({
      vendor: 'auth0',
      tokenUrl: ENV.AUTH0_TOKEN_URL,
      clientId: 'finance-agent',
      audience: 'https://api',
    });
  });

  it('reads the secrets in the reference order', async () => {
    const calls: string[] = [];
    const getSecret = async (key: string, options: GetSecretOptions = {}) => {
      calls.push(key);
      if (options.required === false) return undefined;
      return (ENV as Record<string, string>)[key];
    };
    const backend = { specificationVersion: 'v1', backendName: 'vault', getSecret };
    await getConfig({ vendor: 'auth0', backend: backend as SecretsBackend, plugins });
    expect(calls).toEqual([
      'AUTH0_TOKEN_URL',
      'AGENT_CLIENT_ID',
      'AGENT_CLIENT_SECRET',
      'API_AUDIENCE',
    ]);
  });

  it.each(Object.keys(ENV))('without %s: SecretsBackendError naming it', async (key) => {
    const env: Record<string, string> = { ...ENV };
    delete env[key];
    const error = await getConfig({ vendor: 'auth0', env, plugins }).catch((e: unknown) => e);
    expect(SecretsBackendError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      backend: 'environment',
      key,
      message: `Environment variable '${key}' is required but not set or empty. Example: export ${key}=your-value-here`,
    });
  });

  it('an empty env value counts as missing', async () => {
    const error = getConfig({ vendor: 'auth0', env: { ...ENV, API_AUDIENCE: '   ' }, plugins });
    await expect(error).rejects.toMatchObject({ key: 'API_AUDIENCE' });
  });
});
