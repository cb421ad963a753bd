import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { fixtureAdapter, fixtureStore } from '../../test/fixture-plugins.js';
import type { LogFields, Logger } from '../contracts/logger.js';
import type { AdapterPlugin } from '../contracts/plugin-modules.js';
import type { GetSecretOptions, SecretsBackend } from '../contracts/secrets-backend.js';
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
} satisfies Record<string, Record<string, string>>;

// Stand-ins with the reference's settings shapes; each adapter package tests its real plugin.
const audience = { variable: 'API_AUDIENCE', field: 'audience' } as const;
const PLUGINS = [
  fixtureAdapter('keycloak'),
  fixtureAdapter('auth0', { extra: [audience] }),
  fixtureAdapter('okta', { extra: [audience] }),
  fixtureAdapter('entraid', {
    settings: [
      {
        variable: 'APP_PRIVATE_KEY',
        field: 'appPrivateKey',
        kind: 'private-key-pem',
        optional: true,
      },
      { variable: 'API_SCOPE', field: 'scope' },
      { variable: 'ENTRAID_TOKEN_URL', field: 'tokenUrl', kind: 'token-url' },
      { variable: 'AGENT_CLIENT_ID', field: 'clientId' },
      { variable: 'AGENT_CLIENT_SECRET', field: 'clientSecret', kind: 'secret' },
    ],
  }),
];
const STORES = [
  fixtureStore('aws'),
  fixtureStore('gcp'),
  fixtureStore('azure'),
  fixtureStore('vault', {}, ['hashicorp']),
];

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

describe('getConfig: a vendor through its plugin', () => {
  it('reads the settings in the plugin order, checks each by kind and completes the config', async () => {
    const lines: Line[] = [];
    const calls: string[] = [];
    const plugin = fixtureAdapter('keycloak', {
      extra: [{ variable: 'KEYCLOAK_REALM_HINT', field: 'realmHint', optional: true }],
      completeConfig: ({ tokenUrl }) => ({ audience: String(tokenUrl).split('/protocol/')[0] }),
    });
    const config = await getConfig({
      plugins: [plugin],
      backend: memoryBackend(ENVS.keycloak, calls),
      logger: recordingLogger(lines),
    });
    expect(config).toMatchObject({
      vendor: 'keycloak',
      tokenUrl: ENVS.keycloak.KEYCLOAK_TOKEN_URL,
      clientId: 'finance-agent',
      audience: 'https://kc.example/realms/agents',
    });
    expect(calls).toEqual([
      'DUAL_AUTH_VENDOR',
      'KEYCLOAK_TOKEN_URL',
      'AGENT_CLIENT_ID',
      'AGENT_CLIENT_SECRET',
      'KEYCLOAK_REALM_HINT',
    ]);
    expect(config.clientSecret).toBe(SECRET);
    expect(Object.isFrozen(config)).toBe(true);
    expect(lines).toContainEqual([
      'info',
      'config_loaded',
      { vendor: 'keycloak', backend: 'vault' },
    ]);
  });

  it('a private-key-pem setting: a one-line PEM with literal \\n gets its line breaks back', async () => {
    const [, , , entra] = PLUGINS;
    const oneLine = PEM.replaceAll('\n', '\\n');
    const config = await getConfig({
      vendor: 'entraid',
      plugins: PLUGINS,
      env: { ...ENVS.entraid, APP_PRIVATE_KEY: oneLine },
    });
    expect((config as unknown as { appPrivateKey: string }).appPrivateKey).toBe(PEM);
    const bad = await rejection(
      getConfig({
        plugins: [entra as AdapterPlugin],
        env: { ...ENVS.entraid, APP_PRIVATE_KEY: 'not-a-pem-secret-bytes' },
      }),
    );
    expect(bad).toMatchObject({
      variable: 'APP_PRIVATE_KEY',
      message: 'APP_PRIVATE_KEY must be a PEM private key (-----BEGIN PRIVATE KEY-----)',
    });
    expect(`${bad} ${JSON.stringify(bad)}`).not.toContain('not-a-pem-secret-bytes');
  });
});

describe('getConfig: missing and empty values', () => {
  const required = PLUGINS.flatMap((plugin) =>
    plugin.settings
      .filter((setting) => setting.optional !== true)
      .map((setting) => [plugin.vendor as keyof typeof ENVS, setting.variable] as const),
  );

  it.each(required)('%s without %s: SecretsBackendError naming it', async (vendor, key) => {
    const env: Record<string, string> = { ...ENVS[vendor] };
    delete env[key];
    const error = await rejection(getConfig({ plugins: PLUGINS, vendor, env }));
    expect(SecretsBackendError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ backend: 'environment', key });
    expect(error.message).toBe(
      `Environment variable '${key}' is required but not set or empty. Example: export ${key}=your-value-here`,
    );
  });

  it('reports the first missing variable in the reference order when several are missing', async () => {
    const error = await rejection(
      getConfig({ plugins: PLUGINS, vendor: 'okta', env: { AGENT_CLIENT_ID: 'a' } }),
    );
    expect(error).toMatchObject({ key: 'OKTA_TOKEN_URL' });
  });

  it('an empty env value counts as missing', async () => {
    const error = await rejection(
      getConfig({ plugins: PLUGINS, vendor: 'auth0', env: { ...ENVS.auth0, API_AUDIENCE: '   ' } }),
    );
    expect(error).toMatchObject({ key: 'API_AUDIENCE' });
  });

  it('an empty value from a store is a ConfigurationError naming the variable', async () => {
    const error = await rejection(
      getConfig({
        plugins: PLUGINS,
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
      plugins: PLUGINS,
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

  it('refuses a client secret with a line break, a control character, a BOM, an invisible or undecodable character, saying how to write it', async () => {
    // `echo "$S" > /run/secrets/AGENT_CLIENT_SECRET`, an editor, `kubectl create secret --from-file`
    // of such a file: the IdP would answer 401 invalid_client with nothing pointing at the byte.
    // A zero-width space comes with a secret copied from a web page; U+FFFD is what a lenient
    // decoder leaves of bytes that were not UTF-8; a lone surrogate is sent as U+FFFD's bytes.
    const undecodable = 'an invisible or non-UTF-8 character';
    for (const [stored, what] of [
      [`${SECRET}\n`, 'a line break'],
      [`${SECRET}\r\n`, 'a line break'],
      [`\uFEFF${SECRET}`, 'a byte-order mark'],
      [`${SECRET.slice(0, 5)}\u0000${SECRET.slice(5)}`, 'a control character'],
      [`${SECRET}\u200B`, undecodable],
      [`${SECRET.slice(0, 5)}\u202E${SECRET.slice(5)}`, undecodable],
      [`${SECRET.slice(0, 5)}\uFFFD${SECRET.slice(5)}`, undecodable],
      [`${SECRET.slice(0, 5)}\uD800${SECRET.slice(5)}`, undecodable],
    ] as const) {
      const error = await rejection(
        getConfig({
          plugins: PLUGINS,
          vendor: 'keycloak',
          backend: memoryBackend({ ...ENVS.keycloak, AGENT_CLIENT_SECRET: stored }),
        }),
      );
      expect(ConfigurationError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ variable: 'AGENT_CLIENT_SECRET' });
      expect(error.message).toContain(`AGENT_CLIENT_SECRET holds ${what}`);
      expect(error.message).toContain("printf '%s'");
      for (const shown of [String(error), JSON.stringify(error), inspect(error, { depth: 5 })]) {
        expect(shown).not.toContain(SECRET.slice(5));
      }
    }
  });
});

describe('getConfig: vendor precedence', () => {
  const all = { ...ENVS.keycloak, ...ENVS.okta, ...ENVS.auth0 };

  it('explicit option > DUAL_AUTH_VENDOR in env > DUAL_AUTH_VENDOR in the store > keycloak', async () => {
    const store = { ...all, DUAL_AUTH_VENDOR: 'auth0' };
    expect(
      (
        await getConfig({
          plugins: PLUGINS,
          vendor: 'okta',
          env: { DUAL_AUTH_VENDOR: 'keycloak' },
          backend: memoryBackend(store),
        })
      ).vendor,
    ).toBe('okta');
    expect(
      (
        await getConfig({
          plugins: PLUGINS,
          env: { DUAL_AUTH_VENDOR: ' OKTA ' },
          backend: memoryBackend(store),
        })
      ).vendor,
    ).toBe('okta');
    expect(
      (await getConfig({ plugins: PLUGINS, env: {}, backend: memoryBackend(store) })).vendor,
    ).toBe('auth0');
    expect(
      (await getConfig({ plugins: PLUGINS, env: {}, backend: memoryBackend(all) })).vendor,
    ).toBe('keycloak');
  });

  it('asks the store for the vendor only when the environment has none', async () => {
    const calls: string[] = [];
    await getConfig({
      plugins: PLUGINS,
      env: { DUAL_AUTH_VENDOR: 'okta' },
      backend: memoryBackend(all, calls),
    });
    expect(calls).not.toContain('DUAL_AUTH_VENDOR');
    const stored: string[] = [];
    await getConfig({ plugins: PLUGINS, env: {}, backend: memoryBackend(all, stored) });
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
    expect((await getConfig({ plugins: PLUGINS, env: {}, backend: failing })).vendor).toBe(
      'keycloak',
    );
  });

  it('refuses an invalid vendor wherever it came from, naming where', async () => {
    await expect(
      getConfig({ plugins: PLUGINS, vendor: 'cognito', env: ENVS.keycloak }),
    ).rejects.toMatchObject({
      variable: 'vendor',
      message: "Invalid vendor: 'cognito'. Must be one of: keycloak, auth0, okta, entraid",
    });
    await expect(
      getConfig({ plugins: PLUGINS, env: { ...ENVS.keycloak, DUAL_AUTH_VENDOR: 'x' } }),
    ).rejects.toMatchObject({
      variable: 'DUAL_AUTH_VENDOR',
    });
    await expect(
      getConfig({
        plugins: PLUGINS,
        env: {},
        backend: memoryBackend({ ...all, DUAL_AUTH_VENDOR: 'y' }),
      }),
    ).rejects.toMatchObject({ variable: 'DUAL_AUTH_VENDOR' });
  });
});

describe('getConfig: backend selection', () => {
  it('accepts the aliases and refuses an unknown backend', async () => {
    const config = await getConfig({
      plugins: [...PLUGINS, ...STORES],
      secretsBackend: ' Environment ',
      env: ENVS.keycloak,
    });
    expect(config.vendor).toBe('keycloak');
    const fromEnv = await getConfig({
      plugins: PLUGINS,
      env: { ...ENVS.keycloak, DUAL_AUTH_SECRETS_BACKEND: 'env' },
    });
    expect(fromEnv.clientId).toBe('finance-agent');
    await expect(
      getConfig({
        plugins: [...PLUGINS, ...STORES],
        secretsBackend: 'keychain',
        env: ENVS.keycloak,
      }),
    ).rejects.toMatchObject({
      variable: 'secretsBackend',
      message: "Invalid secrets backend: 'keychain'. Must be one of: env, aws, gcp, azure, vault",
    });
  });

  it('uses a given backend instance and never falls back to the environment for secrets', async () => {
    const error = await rejection(
      getConfig({
        plugins: PLUGINS,
        vendor: 'keycloak',
        env: ENVS.keycloak,
        backend: memoryBackend({}),
      }),
    );
    expect(error).toMatchObject({ backend: 'vault', key: 'KEYCLOAK_TOKEN_URL' });
  });
});

describe('getConfig: HTTPS and errors', () => {
  it('refuses an http token URL, naming the variable and not the secret', async () => {
    const error = await rejection(
      getConfig({
        plugins: PLUGINS,
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
    await expect(getConfig({ plugins: PLUGINS, vendor: 'okta', env })).rejects.toMatchObject({
      variable: 'OKTA_TOKEN_URL',
    });
    const config = await getConfig({
      plugins: PLUGINS,
      vendor: 'okta',
      env,
      allowInsecureLoopback: true,
    });
    expect(config.tokenUrl).toBe(env.OKTA_TOKEN_URL);
  });

  // Finding (carried since session 32): the wrapper kept the plugin's error raw as `cause`, so its
  // message (here a secret) was in the error's JSON and inspect forms, and in any logger that
  // walks `cause` (pino's `err` serializer writes every cause's message and stack).
  it('wraps a foreign failure as "Unexpected error: <Class>", its cause naming the class only, and logs its type', async () => {
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
      getConfig({ plugins: PLUGINS, vendor: 'keycloak', backend, logger: recordingLogger(lines) }),
    );
    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect(error.message).toBe('Unexpected error: RangeError');
    expect(error.cause).toMatchObject({ name: 'RangeError' });
    const causes: unknown[] = [];
    for (let c: unknown = error.cause; c instanceof Error; c = c.cause) {
      causes.push(c.message, c.stack);
    }
    for (const form of [JSON.stringify(error), inspect(error), String(causes)]) {
      expect(form).not.toContain(SECRET);
    }
    expect(lines).toEqual([['error', 'config_load_error', { error_type: 'RangeError' }]]);
  });

  it('rejects with the abort reason when the signal is aborted', async () => {
    const controller = new AbortController();
    const reason = new Error('caller gave up');
    controller.abort(reason);
    await expect(
      getConfig({ plugins: PLUGINS, env: ENVS.keycloak, signal: controller.signal }),
    ).rejects.toBe(reason);
  });

  it('logs no secret, key or token URL query at any level', async () => {
    const lines: Line[] = [];
    const logger = recordingLogger(lines);
    for (const vendor of ['keycloak', 'auth0', 'okta', 'entraid'] as const) {
      const config = await getConfig({
        plugins: PLUGINS,
        vendor,
        env: { ...ENVS[vendor], API_SCOPE: 'x' },
        logger,
      });
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
    await expect(getConfig({ plugins: PLUGINS, vendor: 1 as never })).rejects.toThrow(
      'options.vendor must be a string',
    );
    await expect(getConfig({ plugins: PLUGINS, env: 'X=1' as never })).rejects.toThrow(TypeError);
    await expect(getConfig({ logger: (() => {}) as never })).rejects.toThrow(TypeError);
    await expect(getConfig({ allowInsecureLoopback: 'yes' as never })).rejects.toThrow(TypeError);
    await expect(getConfig({ backend: {} as never })).rejects.toThrow(TypeError);
    await expect(getConfig({ signal: {} as never })).rejects.toThrow(TypeError);
  });
});

// wave33/kcaud: a variable the chosen vendor ignores (API_AUDIENCE with Keycloak) was dropped
// without a word; the plugin's `ignoredSettings` now make getConfig warn, by name only.
describe('getConfig: settings the vendor ignores', () => {
  const ignoring = fixtureAdapter('keycloak', {
    ignoredSettings: [{ variable: 'API_AUDIENCE', instead: 'add an Audience mapper' }],
  });
  const VALUE = 'https://api.example/audience-never-logged';

  it('warns config_setting_ignored with the vendor, the name and what to do, never the value', async () => {
    const lines: Line[] = [];
    const env = { ...ENVS.keycloak, API_AUDIENCE: VALUE };
    await getConfig({ plugins: [ignoring], env, logger: recordingLogger(lines) });
    expect(lines.filter(([level]) => level === 'warn')).toEqual([
      [
        'warn',
        'config_setting_ignored',
        {
          vendor: 'keycloak',
          variable: 'API_AUDIENCE',
          message: 'API_AUDIENCE is ignored with DUAL_AUTH_VENDOR=keycloak: add an Audience mapper',
        },
      ],
    ]);
    expect(JSON.stringify(lines)).not.toContain(VALUE);
  });

  it('takes a variable the runtime refuses to read (Deno without --allow-env) as unset', async () => {
    const lines: Line[] = [];
    const env = new Proxy<Record<string, string | undefined>>(
      { ...ENVS.keycloak, API_AUDIENCE: VALUE },
      {
        getOwnPropertyDescriptor(target, name) {
          if (name === 'API_AUDIENCE') throw new ConfigurationError({ message: 'refused' });
          return Reflect.getOwnPropertyDescriptor(target, name);
        },
      },
    );
    const config = await getConfig({ plugins: [ignoring], env, logger: recordingLogger(lines) });
    expect(config.vendor).toBe('keycloak');
    expect(lines.filter(([level]) => level === 'warn')).toEqual([]);
  });
});
