import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureAdapter } from '../../test/fixture-plugins.js';
import type { VendorConfig } from '../contracts/config.js';
import type { LogFields } from '../contracts/logger.js';
import { noopLogger } from '../logging/noop-logger.js';
import { createAdapter } from './create-adapter.js';
import { getConfig } from './get-config.js';

const PEM =
  '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC-node-config-secret\n-----END PRIVATE KEY-----\n';

// A stand-in for the Entra ID plugin: its key is PEM text or a file path that /node reads.
const ENTRA = fixtureAdapter('entraid', {
  extra: [
    {
      variable: 'APP_PRIVATE_KEY',
      field: 'appPrivateKey',
      kind: 'private-key-pem',
      optional: true,
    },
    { variable: 'APP_PRIVATE_KEY_PATH', field: 'appPrivateKeyPath', optional: true },
  ],
  keyFiles: [
    { pathField: 'appPrivateKeyPath', keyField: 'appPrivateKey', variable: 'APP_PRIVATE_KEY_PATH' },
  ],
});
const KEYCLOAK = fixtureAdapter('keycloak');
const PLUGINS = [ENTRA, KEYCLOAK];
type EntraFields = VendorConfig & { appPrivateKey?: string; appPrivateKeyPath?: string };

let dir: string;
let keyPath: string;
let entraEnv: Record<string, string>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dual-auth-node-config-'));
  keyPath = join(dir, 'app.pem');
  await writeFile(keyPath, PEM, { mode: 0o600 });
  entraEnv = {
    DUAL_AUTH_VENDOR: 'entraid',
    APP_PRIVATE_KEY_PATH: keyPath,
    API_SCOPE: 'api://finance/.default',
    ENTRAID_TOKEN_URL: 'https://login.microsoftonline.com/t1/oauth2/v2.0/token',
    AGENT_CLIENT_ID: 'agent-app',
    AGENT_CLIENT_SECRET: 'node-config-client-secret',
    APP_ID: 'app-1',
    API_AUDIENCE: 'api://finance',
  };
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('getConfig (node)', () => {
  it('reads APP_PRIVATE_KEY_PATH into appPrivateKey for entraid, redacted like the rest', async () => {
    const lines: [string, string, LogFields | undefined][] = [];
    const logger = {
      ...noopLogger,
      info: (event: string, fields?: LogFields) => lines.push(['info', event, fields]),
    };
    const config = (await getConfig({ env: entraEnv, logger, plugins: PLUGINS })) as EntraFields;
    expect(config.vendor).toBe('entraid');
    expect(config.appPrivateKey).toBe(PEM);
    expect(config.appPrivateKeyPath).toBe(keyPath);
    expect(config.clientSecret).toBe('node-config-client-secret');
    for (const text of [
      `${config}`,
      JSON.stringify(config),
      inspect(config),
      JSON.stringify(lines),
    ]) {
      expect(text).not.toContain('node-config-secret');
      expect(text).not.toContain('node-config-client-secret');
    }
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('fails with the file check when the path is wrong', async () => {
    await expect(
      getConfig({
        env: { ...entraEnv, APP_PRIVATE_KEY_PATH: join(dir, 'missing.pem') },
        plugins: PLUGINS,
      }),
    ).rejects.toMatchObject({
      name: 'ConfigurationError',
      message:
        'APP_PRIVATE_KEY_PATH file does not exist (ENOENT): set APP_PRIVATE_KEY_PATH to the path of the PEM private key file',
    });
  });

  it('leaves the file alone when APP_PRIVATE_KEY is given, and other vendors untouched', async () => {
    const inline = (await getConfig({
      env: { ...entraEnv, APP_PRIVATE_KEY: PEM, APP_PRIVATE_KEY_PATH: join(dir, 'missing.pem') },
      plugins: PLUGINS,
    })) as EntraFields;
    expect(inline.appPrivateKey).toBe(PEM.trim());
    const keycloak = await getConfig({
      vendor: 'keycloak',
      plugins: PLUGINS,
      env: {
        KEYCLOAK_TOKEN_URL: 'https://kc.example/realms/r/protocol/openid-connect/token',
        AGENT_CLIENT_ID: 'a',
        AGENT_CLIENT_SECRET: 's',
      },
    });
    expect(keycloak.tokenUrl).toBe('https://kc.example/realms/r/protocol/openid-connect/token');
    expect(Object.keys(keycloak)).toEqual(['vendor', 'tokenUrl', 'clientId']);
  });
});

describe('createAdapter (node)', () => {
  it('hands the adapter a config whose key was read from disk', async () => {
    const received: EntraFields[] = [];
    const adapter = {
      specificationVersion: 'v1',
      vendor: 'entraid',
      id: 'x',
      audience: undefined,
      requestToken: async () => {
        throw new Error('not called');
      },
    };
    const importModule = async (specifier: string) => {
      expect(specifier).toBe('@dual-auth/adapter-entraid');
      return {
        entraPlugin: {
          ...ENTRA,
          createAdapter: (config: EntraFields) => {
            received.push(config);
            return adapter;
          },
        },
      };
    };
    await expect(createAdapter(undefined, { env: entraEnv, importModule })).resolves.toBe(adapter);
    expect(received[0]?.appPrivateKey).toBe(PEM);
  });
});
