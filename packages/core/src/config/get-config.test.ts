import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { LogFields, Logger } from '../contracts/logger.js';
import type { GetSecretOptions, SecretsBackend } from '../contracts/secrets-backend.js';
import type { Vendor } from '../contracts/vendor.js';
import { ConfigurationError } from '../errors/configuration-error.js';
import { SecretsBackendError } from '../errors/secrets-backend-error.js';
import { getConfig } from './get-config.js';

const SECRET = 'agent-secret-never-logged';
const PEM_BODY = 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC-pem-never-logged';
const PEM = `-----BEGIN PRIVATE KEY-----\n${PEM_BODY}\n-----END PRIVATE KEY-----`;
const AGENT = { AGENT_CLIENT_ID: 'finance-agent', AGENT_CLIENT_SECRET: SECRET };

const ENVS = {
  keycloak: {
    KEYCLOAK_TOKEN_URL: 'https://kc.example/realms/agents/protocol/openid-connect/token',
    ...AGENT,
  },
  auth0: {
    AUTH0_TOKEN_URL: 'https://t.auth0.com/oauth/token',
    ...AGENT,
    API_AUDIENCE: 'https://api',
  },
  okta: {
    OKTA_TOKEN_URL: 'https://acme.okta.com/oauth2/aus1/v1/token',
    ...AGENT,
    API_AUDIENCE: 'api://finance',
  },
  entraid: {
    APP_PRIVATE_KEY: PEM,
    API_SCOPE: 'api://finance/.default',
    ENTRAID_TOKEN_URL: 'https://login.microsoftonline.com/t1/oauth2/v2.0/token',
    ...AGENT,
    APP_ID: 'app-1',
    API_AUDIENCE: 'api://finance',
  },
} satisfies Record<Vendor, Record<string, string>>;

/** The reference's fetch order per vendor (behaviour.md §2.1). */
const ORDER: Record<Vendor, string[]> = {
  keycloak: ['KEYCLOAK_TOKEN_URL', 'AGENT_CLIENT_ID', 'AGENT_CLIENT_SECRET'],
  auth0: ['AUTH0_TOKEN_URL', 'AGENT_CLIENT_ID', 'AGENT_CLIENT_SECRET', 'API_AUDIENCE'],
  okta: ['OKTA_TOKEN_URL', 'AGENT_CLIENT_ID', 'AGENT_CLIENT_SECRET', 'API_AUDIENCE'],
  entraid: [
    'APP_PRIVATE_KEY',
    'APP_PRIVATE_KEY_PATH',
    'API_SCOPE',
    'ENTRAID_TOKEN_URL',
    'AGENT_CLIENT_ID',
    'AGENT_CLIENT_SECRET',
    'APP_ID',
    'API_AUDIENCE',
  ],
};

type Line = [level: string, event: string, fields: LogFields | undefined];

function recordingLogger(lines: Line[]): Logger {
  const at =
    (level: string) =>
    (event: string, fields?: LogFields): void => {
      lines.push([level, event, fields]);
    };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** A store like a cloud one: no env fallback, empty strings kept, records what was asked. */
function memoryBackend(values: Record<string, string>, calls: string[] = []): SecretsBackend {
  async function getSecret(key: string, options: GetSecretOptions = {}) {
    calls.push(key);
    const value = values[key];
    if (value !== undefined) return value;
    if (options.required === false) return undefined;
    throw new SecretsBackendError({
      message: `Vault secret '${key}' not found`,
      backend: 'vault',
      key,
    });
  }
  return { specificationVersion: 'v1', backendName: 'vault', getSecret } as SecretsBackend;
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error as Error,
  );
}

describe('getConfig: per vendor', () => {
  it('keycloak: the reference variables and the audience cut from the token URL', async () => {
    const lines: Line[] = [];
    const config = await getConfig({ env: ENVS.keycloak, logger: recordingLogger(lines) });
    expect(config).toMatchObject({
      vendor: 'keycloak',
      tokenUrl: ENVS.keycloak.KEYCLOAK_TOKEN_URL,
      clientId: 'finance-agent',
      audience: 'https://kc.example/realms/agents',
    });
    expect(config.clientSecret).toBe(SECRET);
    expect(Object.isFrozen(config)).toBe(true);
    expect(lines).toContainEqual([
      'info',
      'config_loaded',
      { vendor: 'keycloak', backend: 'environment' },
    ]);
  });

  it.each(['auth0', 'okta'] as const)('%s: audience is API_AUDIENCE', async (vendor) => {
    const config = await getConfig({ vendor, env: ENVS[vendor] });
    expect(config).toMatchObject({
      vendor,
      clientId: 'finance-agent',
      audience: ENVS[vendor].API_AUDIENCE,
    });
    expect(config.tokenUrl).toBe(Object.values(ENVS[vendor])[0]);
  });

  it('entraid: scope, appId, actAudience and the PEM from APP_PRIVATE_KEY', async () => {
    const config = await getConfig({ vendor: 'entraid', env: ENVS.entraid });
    expect(config).toMatchObject({
      vendor: 'entraid',
      tokenUrl: ENVS.entraid.ENTRAID_TOKEN_URL,
      scope: 'api://finance/.default',
      appId: 'app-1',
      actAudience: 'api://finance',
    });
    expect(config.appPrivateKey).toBe(PEM);
    expect(config.appPrivateKeyPath).toBeUndefined();
    expect('audience' in config).toBe(false);
  });

  it('entraid: a one-line PEM with literal \\n gets its line breaks back', async () => {
    const oneLine = PEM.replaceAll('\n', '\\n');
    const config = await getConfig({
      vendor: 'entraid',
      env: { ...ENVS.entraid, APP_PRIVATE_KEY: oneLine },
    });
    expect(config.appPrivateKey).toBe(PEM);
  });

  it('entraid: APP_PRIVATE_KEY_PATH alone is kept as a path (read by @dual-auth/core/node)', async () => {
    const { APP_PRIVATE_KEY: _, ...env } = ENVS.entraid;
    const config = await getConfig({
      vendor: 'entraid',
      env: { ...env, APP_PRIVATE_KEY_PATH: ' /etc/keys/app.pem ' },
    });
    expect(config.appPrivateKeyPath).toBe('/etc/keys/app.pem');
    expect(config.appPrivateKey).toBeUndefined();
  });

  it('entraid: no key at all names both variables; a non-PEM key is refused without its value', async () => {
    const { APP_PRIVATE_KEY: _, ...env } = ENVS.entraid;
    const missing = await rejection(getConfig({ vendor: 'entraid', env }));
    expect(ConfigurationError.isInstance(missing)).toBe(true);
    expect(missing.message).toContain('APP_PRIVATE_KEY (PEM text) or APP_PRIVATE_KEY_PATH');
    const bad = await rejection(
      getConfig({ vendor: 'entraid', env: { ...env, APP_PRIVATE_KEY: 'not-a-pem-secret-bytes' } }),
    );
    expect(bad).toMatchObject({ variable: 'APP_PRIVATE_KEY' });
    expect(`${bad} ${JSON.stringify(bad)}`).not.toContain('not-a-pem-secret-bytes');
  });

  it("entraid: warns when API_SCOPE lacks '/.default'", async () => {
    const lines: Line[] = [];
    await getConfig({
      vendor: 'entraid',
      env: { ...ENVS.entraid, API_SCOPE: 'api://finance/read' },
      logger: recordingLogger(lines),
    });
    expect(lines).toContainEqual([
      'warn',
      'entraid_scope_format',
      {
        message: "API_SCOPE for EntraID typically ends with '/.default'",
        scope: 'api://finance/read',
      },
    ]);
  });

  it.each(Object.keys(ORDER) as Vendor[])(
    '%s: reads the secrets in the reference order',
    async (vendor) => {
      const calls: string[] = [];
      await getConfig({ vendor, backend: memoryBackend(ENVS[vendor], calls) });
      expect(calls).toEqual(ORDER[vendor]);
    },
  );
});

describe('getConfig: missing and empty values', () => {
  const required = (Object.keys(ORDER) as Vendor[]).flatMap((vendor) =>
    ORDER[vendor]
      .filter((key) => !key.startsWith('APP_PRIVATE_KEY'))
      .map((key) => [vendor, key] as const),
  );

  it.each(required)('%s without %s: SecretsBackendError naming it', async (vendor, key) => {
    const env: Record<string, string> = { ...ENVS[vendor] };
    delete env[key];
    const error = await rejection(getConfig({ vendor, env }));
    expect(SecretsBackendError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ backend: 'environment', key });
    expect(error.message).toBe(
      `Environment variable '${key}' is required but not set or empty. Example: export ${key}=your-value-here`,
    );
  });

  it('reports the first missing variable in the reference order when several are missing', async () => {
    const error = await rejection(getConfig({ vendor: 'okta', env: { AGENT_CLIENT_ID: 'a' } }));
    expect(error).toMatchObject({ key: 'OKTA_TOKEN_URL' });
  });

  it('an empty env value counts as missing', async () => {
    const error = await rejection(
      getConfig({ vendor: 'auth0', env: { ...ENVS.auth0, API_AUDIENCE: '   ' } }),
    );
    expect(error).toMatchObject({ key: 'API_AUDIENCE' });
  });

  it('an empty value from a store is a ConfigurationError naming the variable', async () => {
    const error = await rejection(
      getConfig({
        vendor: 'keycloak',
        backend: memoryBackend({ ...ENVS.keycloak, AGENT_CLIENT_ID: '' }),
      }),
    );
    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      message: 'AGENT_CLIENT_ID cannot be empty',
      variable: 'AGENT_CLIENT_ID',
    });
  });

  it('trims names and URLs from a store but keeps the secret byte for byte', async () => {
    const config = await getConfig({
      vendor: 'keycloak',
      backend: memoryBackend({
        KEYCLOAK_TOKEN_URL: ` ${ENVS.keycloak.KEYCLOAK_TOKEN_URL}\n`,
        AGENT_CLIENT_ID: 'finance-agent\n',
        AGENT_CLIENT_SECRET: ' padded secret ',
      }),
    });
    expect(config.tokenUrl).toBe(ENVS.keycloak.KEYCLOAK_TOKEN_URL);
    expect(config.clientId).toBe('finance-agent');
    expect(config.clientSecret).toBe(' padded secret ');
  });
});

describe('getConfig: vendor precedence', () => {
  const all = { ...ENVS.keycloak, ...ENVS.okta, ...ENVS.auth0 };

  it('explicit option > DUAL_AUTH_VENDOR in env > DUAL_AUTH_VENDOR in the store > keycloak', async () => {
    const store = { ...all, DUAL_AUTH_VENDOR: 'auth0' };
    expect(
      (
        await getConfig({
          vendor: 'okta',
          env: { DUAL_AUTH_VENDOR: 'keycloak' },
          backend: memoryBackend(store),
        })
      ).vendor,
    ).toBe('okta');
    expect(
      (await getConfig({ env: { DUAL_AUTH_VENDOR: ' OKTA ' }, backend: memoryBackend(store) }))
        .vendor,
    ).toBe('okta');
    expect((await getConfig({ env: {}, backend: memoryBackend(store) })).vendor).toBe('auth0');
    expect((await getConfig({ env: {}, backend: memoryBackend(all) })).vendor).toBe('keycloak');
  });

  it('asks the store for the vendor only when the environment has none', async () => {
    const calls: string[] = [];
    await getConfig({ env: { DUAL_AUTH_VENDOR: 'okta' }, backend: memoryBackend(all, calls) });
    expect(calls).not.toContain('DUAL_AUTH_VENDOR');
    const stored: string[] = [];
    await getConfig({ env: {}, backend: memoryBackend(all, stored) });
    expect(stored[0]).toBe('DUAL_AUTH_VENDOR');
  });

  it("ignores the store's errors when looking the vendor up", async () => {
    const backend = memoryBackend(all);
    const failing: SecretsBackend = {
      ...backend,
      getSecret: (async (key: string, options?: GetSecretOptions) => {
        if (key === 'DUAL_AUTH_VENDOR') {
          throw new SecretsBackendError({ message: 'Access denied', backend: 'vault', key });
        }
        return backend.getSecret(key, options ?? {});
      }) as SecretsBackend['getSecret'],
    };
    expect((await getConfig({ env: {}, backend: failing })).vendor).toBe('keycloak');
  });

  it('refuses an invalid vendor wherever it came from, naming where', async () => {
    await expect(getConfig({ vendor: 'cognito', env: ENVS.keycloak })).rejects.toMatchObject({
      variable: 'vendor',
      message: "Invalid vendor: 'cognito'. Must be one of: keycloak, auth0, okta, entraid",
    });
    await expect(
      getConfig({ env: { ...ENVS.keycloak, DUAL_AUTH_VENDOR: 'x' } }),
    ).rejects.toMatchObject({
      variable: 'DUAL_AUTH_VENDOR',
    });
    await expect(
      getConfig({ env: {}, backend: memoryBackend({ ...all, DUAL_AUTH_VENDOR: 'y' }) }),
    ).rejects.toMatchObject({ variable: 'DUAL_AUTH_VENDOR' });
  });
});

describe('getConfig: backend selection', () => {
  it('accepts the aliases and refuses an unknown backend', async () => {
    const config = await getConfig({ secretsBackend: ' Environment ', env: ENVS.keycloak });
    expect(config.vendor).toBe('keycloak');
    const fromEnv = await getConfig({
      env: { ...ENVS.keycloak, DUAL_AUTH_SECRETS_BACKEND: 'env' },
    });
    expect(fromEnv.clientId).toBe('finance-agent');
    await expect(
      getConfig({ secretsBackend: 'keychain', env: ENVS.keycloak }),
    ).rejects.toMatchObject({
      variable: 'secretsBackend',
      message: "Invalid secrets backend: 'keychain'. Must be one of: env, aws, gcp, azure, vault",
    });
  });

  it('uses a given backend instance and never falls back to the environment for secrets', async () => {
    const error = await rejection(
      getConfig({ vendor: 'keycloak', env: ENVS.keycloak, backend: memoryBackend({}) }),
    );
    expect(error).toMatchObject({ backend: 'vault', key: 'KEYCLOAK_TOKEN_URL' });
  });
});

describe('getConfig: HTTPS and errors', () => {
  it('refuses an http token URL, naming the variable and not the secret', async () => {
    const error = await rejection(
      getConfig({
        env: {
          ...ENVS.keycloak,
          KEYCLOAK_TOKEN_URL: 'http://kc.example/realms/r/protocol/openid-connect/token',
        },
      }),
    );
    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect(error.message).toBe('KEYCLOAK_TOKEN_URL must use HTTPS for security. Got scheme: http');
    expect(error).toMatchObject({ variable: 'KEYCLOAK_TOKEN_URL' });
  });

  it('lets http through on loopback only with allowInsecureLoopback', async () => {
    const env = { ...ENVS.okta, OKTA_TOKEN_URL: 'http://127.0.0.1:8443/oauth2/default/v1/token' };
    await expect(getConfig({ vendor: 'okta', env })).rejects.toMatchObject({
      variable: 'OKTA_TOKEN_URL',
    });
    const config = await getConfig({ vendor: 'okta', env, allowInsecureLoopback: true });
    expect(config.tokenUrl).toBe(env.OKTA_TOKEN_URL);
  });

  it('wraps a foreign failure as "Unexpected error: <Class>" with the cause, and logs its type', async () => {
    const lines: Line[] = [];
    const cause = new RangeError(`boom ${SECRET}`);
    const backend = {
      specificationVersion: 'v1',
      backendName: 'aws',
      getSecret: async () => {
        throw cause;
      },
    } as unknown as SecretsBackend;
    const error = await rejection(
      getConfig({ vendor: 'keycloak', backend, logger: recordingLogger(lines) }),
    );
    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect(error.message).toBe('Unexpected error: RangeError');
    expect(error.cause).toBe(cause);
    expect(lines).toEqual([['error', 'config_load_error', { error_type: 'RangeError' }]]);
  });

  it('rejects with the abort reason when the signal is aborted', async () => {
    const controller = new AbortController();
    const reason = new Error('caller gave up');
    controller.abort(reason);
    await expect(getConfig({ env: ENVS.keycloak, signal: controller.signal })).rejects.toBe(reason);
  });

  it('logs no secret, key or token URL query at any level', async () => {
    const lines: Line[] = [];
    const logger = recordingLogger(lines);
    for (const vendor of ['keycloak', 'auth0', 'okta', 'entraid'] as const) {
      const config = await getConfig({ vendor, env: { ...ENVS[vendor], API_SCOPE: 'x' }, logger });
      for (const text of [JSON.stringify(config), inspect(config), `${config}`]) {
        expect(text).not.toContain(SECRET);
        expect(text).not.toContain(PEM_BODY);
      }
    }
    const logged = JSON.stringify(lines);
    expect(logged).not.toContain(SECRET);
    expect(logged).not.toContain(PEM_BODY);
  });

  it('throws TypeError for options of the wrong type', async () => {
    await expect(getConfig(null as never)).rejects.toThrow(TypeError);
    await expect(getConfig({ vendor: 1 as never })).rejects.toThrow(
      'options.vendor must be a string',
    );
    await expect(getConfig({ env: 'X=1' as never })).rejects.toThrow(TypeError);
    await expect(getConfig({ logger: (() => {}) as never })).rejects.toThrow(TypeError);
    await expect(getConfig({ allowInsecureLoopback: 'yes' as never })).rejects.toThrow(TypeError);
    await expect(getConfig({ backend: {} as never })).rejects.toThrow(TypeError);
    await expect(getConfig({ signal: {} as never })).rejects.toThrow(TypeError);
  });
});
