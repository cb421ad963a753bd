import { inspect } from 'node:util';
import {
  ConfigurationError,
  type GetSecretOptions,
  getConfig,
  type LogFields,
  type SecretsBackend,
} from '@dual-auth/core';
import { describe, expect, it } from 'vitest';
import { entraIdPlugin } from './entraid-plugin.js';

const SECRET = 'agent-secret-never-logged';
const PEM_BODY = 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC-pem-never-logged';
const PEM = `-----BEGIN PRIVATE KEY-----\n${PEM_BODY}\n-----END PRIVATE KEY-----`;
const ENV = {
  APP_PRIVATE_KEY: PEM,
  API_SCOPE: 'api://finance/.default',
  ENTRAID_TOKEN_URL: 'https://login.microsoftonline.com/t1/oauth2/v2.0/token',
  AGENT_CLIENT_ID: 'finance-agent',
  AGENT_CLIENT_SECRET: SECRET,
  APP_ID: 'app-1',
  API_AUDIENCE: 'api://finance',
};
const plugins = [entraIdPlugin];

describe('entraIdPlugin through getConfig', () => {
  it('scope, appId, actAudience and the PEM from APP_PRIVATE_KEY', async () => {
    const config = await getConfig({ vendor: 'entraid', env: ENV, plugins });
    expect(config).toMatchObject({
      vendor: 'entraid',
      tokenUrl: ENV.ENTRAID_TOKEN_URL,
      scope: 'api://finance/.default',
      appId: 'app-1',
      actAudience: 'api://finance',
    });
    expect(config.appPrivateKey).toBe(PEM);
    expect(config.appPrivateKeyPath).toBeUndefined();
    expect('audience' in config).toBe(false);
    for (const text of [JSON.stringify(config), inspect(config), `${config}`]) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(PEM_BODY);
    }
  });

  it('a one-line PEM with literal \\n gets its line breaks back', async () => {
    const oneLine = PEM.replaceAll('\n', '\\n');
    const env = { ...ENV, APP_PRIVATE_KEY: oneLine };
    const config = await getConfig({ vendor: 'entraid', env, plugins });
    expect(config.appPrivateKey).toBe(PEM);
  });

  it('APP_PRIVATE_KEY_PATH alone is kept as a path (read by @dual-auth/core/node)', async () => {
    const { APP_PRIVATE_KEY: _, ...env } = ENV;
    const config = await getConfig({
      vendor: 'entraid',
      env: { ...env, APP_PRIVATE_KEY_PATH: ' /etc/keys/app.pem ' },
      plugins,
    });
    expect(config.appPrivateKeyPath).toBe('/etc/keys/app.pem');
    expect(config.appPrivateKey).toBeUndefined();
  });

  it('no key at all names both variables; a non-PEM key is refused without its value', async () => {
    const { APP_PRIVATE_KEY: _, ...env } = ENV;
    const missing = await getConfig({ vendor: 'entraid', env, plugins }).catch((e: unknown) => e);
    expect(ConfigurationError.isInstance(missing)).toBe(true);
    expect((missing as Error).message).toContain(
      'APP_PRIVATE_KEY (PEM text) or APP_PRIVATE_KEY_PATH',
    );
    const bad = await getConfig({
      vendor: 'entraid',
      env: { ...env, APP_PRIVATE_KEY: 'not-a-pem-secret-bytes' },
      plugins,
    }).catch((e: unknown) => e);
    expect(bad).toMatchObject({ variable: 'APP_PRIVATE_KEY' });
    expect(`${bad} ${JSON.stringify(bad)}`).not.toContain('not-a-pem-secret-bytes');
  });

  it("warns when API_SCOPE lacks '/.default'", async () => {
    const lines: [string, LogFields | undefined][] = [];
    const at = (event: string, fields?: LogFields) => lines.push([event, fields]);
    const logger = { debug: () => {}, info: () => {}, warn: at, error: () => {} };
    const env = { ...ENV, API_SCOPE: 'api://finance/read' };
    await getConfig({ vendor: 'entraid', env, plugins, logger });
    expect(lines).toContainEqual([
      'entraid_scope_format',
      {
        message: "API_SCOPE for EntraID typically ends with '/.default'",
        scope: 'api://finance/read',
      },
    ]);
  });

  it('reads the secrets in the reference order', async () => {
    const calls: string[] = [];
    const getSecret = async (key: string, options: GetSecretOptions = {}) => {
      calls.push(key);
      const value = (ENV as Record<string, string>)[key];
      return value === undefined && options.required === false ? undefined : value;
    };
    const backend = { specificationVersion: 'v1', backendName: 'vault', getSecret };
    await getConfig({ vendor: 'entraid', backend: backend as SecretsBackend, plugins });
    expect(calls).toEqual([
      'APP_PRIVATE_KEY',
      'APP_PRIVATE_KEY_PATH',
      'API_SCOPE',
      'ENTRAID_TOKEN_URL',
      'AGENT_CLIENT_ID',
      'AGENT_CLIENT_SECRET',
      'APP_ID',
      'API_AUDIENCE',
    ]);
  });

  it.each(Object.keys(ENV).filter((key) => key !== 'APP_PRIVATE_KEY'))(
    'without %s: SecretsBackendError naming it',
    async (key) => {
      const env: Record<string, string> = { ...ENV };
      delete env[key];
      await expect(getConfig({ vendor: 'entraid', env, plugins })).rejects.toMatchObject({
        name: 'SecretsBackendError',
        key,
        message: `Environment variable '${key}' is required but not set or empty. Example: export ${key}=your-value-here`,
      });
    },
  );
});
