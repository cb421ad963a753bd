import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureAdapter } from '../../test/fixture-plugins.js';
import type { DualAuthConfig, VendorConfig } from '../contracts/config.js';
import type { IamAdapter } from '../contracts/iam-adapter.js';
import type { SecretsBackend } from '../contracts/secrets-backend.js';
import { ConfigurationError } from '../errors/configuration-error.js';
import { SecretsBackendError } from '../errors/secrets-backend-error.js';
import { defaultLogger } from '../logging/default-logger.js';
import { createAdapter } from './create-adapter.js';
import { createDualAuthConfig } from './create-dual-auth-config.js';
import { createEnvSecretsBackend } from './env-secrets-backend.js';
import { getConfig } from './get-config.js';
import type { ImportModule } from './import-plugin.js';
import { loadSecretsBackend } from './load-secrets-backend.js';

const KEYCLOAK_ENV = {
  KEYCLOAK_TOKEN_URL: 'https://kc.example/realms/agents/protocol/openid-connect/token',
  AGENT_CLIENT_ID: 'finance-agent',
  AGENT_CLIENT_SECRET: 'plugin-test-secret',
};

const oktaConfig = createDualAuthConfig({
  vendor: 'okta',
  tokenUrl: 'https://acme.okta.com/oauth2/aus1/v1/token',
  clientId: 'finance-agent',
  clientSecret: 'plugin-test-secret',
  audience: 'api://finance',
});

/** Serves fixed modules by specifier; anything else is "not found" the way Node words it. */
function modules(table: Record<string, unknown>, seen: string[] = []): ImportModule {
  return async (specifier) => {
    seen.push(specifier);
    if (specifier in table) return table[specifier];
    throw Object.assign(new Error(`Cannot find package '${specifier}' imported from /app/x.js`), {
      code: 'ERR_MODULE_NOT_FOUND',
    });
  };
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error as Error,
  );
}

// The first-party cases are served by `modules({})`; the real import() (core's own folder only) is
// tried with a name installed nowhere. plugin-search-path.test.ts covers what it must not search.
describe('plugins that are not installed', () => {
  it('a real import() of a package installed nowhere says what to install', async () => {
    const error = await rejection(loadSecretsBackend('acme-vault', { env: {} }));
    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      message:
        'DUAL_AUTH_SECRETS_BACKEND=acme-vault is not a first-party secrets backend (aws, azure, env, file, gcp, vault). A third-party secrets backend: npm install @dual-auth/secrets-acme-vault, or pass its plugin in `plugins` to getConfig/loadSecretsBackend',
      packageName: '@dual-auth/secrets-acme-vault',
      variable: 'DUAL_AUTH_SECRETS_BACKEND',
    });
  });

  it.each(['aws', 'gcp', 'azure', 'vault'])(
    'secrets backend %s says what to install',
    async (type) => {
      const error = await rejection(
        loadSecretsBackend(type, { env: {}, importModule: modules({}) }),
      );
      expect(ConfigurationError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({
        message: `DUAL_AUTH_SECRETS_BACKEND=${type} needs @dual-auth/secrets-${type}: npm install @dual-auth/secrets-${type}`,
        packageName: `@dual-auth/secrets-${type}`,
        variable: 'DUAL_AUTH_SECRETS_BACKEND',
      });
    },
  );

  // wave32/newuser: a mistyped store (`envs` for `env`) was told to `npm install
  // @dual-auth/secrets-envs`, a package that does not exist, as a mistyped vendor once was.
  it.each([
    ['envs', 'env'],
    ['awss', 'aws'],
    ['vualt', 'vault'],
  ])(
    'names the first-party secrets backends and a near one for DUAL_AUTH_SECRETS_BACKEND=%s',
    async (typed, near) => {
      const error = await rejection(
        getConfig({
          env: { ...KEYCLOAK_ENV, DUAL_AUTH_SECRETS_BACKEND: typed },
          importModule: modules({}),
        }),
      );
      expect(ConfigurationError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({
        message: `DUAL_AUTH_SECRETS_BACKEND=${typed} is not a first-party secrets backend (aws, azure, env, file, gcp, vault): did you mean ${near}? A third-party secrets backend: npm install @dual-auth/secrets-${typed}, or pass its plugin in \`plugins\` to getConfig/loadSecretsBackend`,
        packageName: `@dual-auth/secrets-${typed}`,
        variable: 'DUAL_AUTH_SECRETS_BACKEND',
      });
    },
  );

  it('getConfig with DUAL_AUTH_SECRETS_BACKEND=hashicorp asks for the vault package', async () => {
    const error = await rejection(
      getConfig({
        env: { ...KEYCLOAK_ENV, DUAL_AUTH_SECRETS_BACKEND: 'hashicorp' },
        importModule: modules({}),
      }),
    );
    expect(error).toMatchObject({ packageName: '@dual-auth/secrets-vault' });
  });

  it.each([
    ['keycloak', 'keycloakPlugin'],
    ['auth0', 'auth0Plugin'],
    ['okta', 'oktaPlugin'],
    ['entraid', 'entraIdPlugin'],
    ['oauth', 'oauthPlugin'],
  ])(
    'adapter %s says what to install, and to pass %s when it is installed',
    async (vendor, plugin) => {
      const config = createDualAuthConfig({
        ...oktaConfig,
        clientSecret: 's',
        vendor,
      } as DualAuthConfig);
      const error = await rejection(createAdapter(config, { importModule: modules({}) }));
      expect(ConfigurationError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({
        message: `DUAL_AUTH_VENDOR=${vendor} needs @dual-auth/adapter-${vendor}: npm install @dual-auth/adapter-${vendor}; installed? pass \`plugins: [${plugin}]\` to createAdapter/getConfig (pnpm, Yarn PnP, bundlers)`,
        packageName: `@dual-auth/adapter-${vendor}`,
      });
    },
  );

  // Journey 8: Python answered "Invalid vendor: 'keycloack'. Must be one of: …"; core asked to
  // install @dual-auth/adapter-keycloack, a package that does not exist.
  it('names the first-party vendors and a near one for a mistyped DUAL_AUTH_VENDOR', async () => {
    const error = await rejection(getConfig({ env: { DUAL_AUTH_VENDOR: 'keycloack' } }));
    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      message:
        'DUAL_AUTH_VENDOR=keycloack is not a first-party vendor (auth0, entraid, keycloak, oauth, okta): did you mean keycloak? A third-party adapter: npm install @dual-auth/adapter-keycloack, or pass its plugin in `plugins` to createAdapter/getConfig',
      packageName: '@dual-auth/adapter-keycloack',
      variable: 'DUAL_AUTH_VENDOR',
    });
  });

  it('suggests no vendor for a name near none of them', async () => {
    const error = await rejection(getConfig({ env: { DUAL_AUTH_VENDOR: 'pingfederate' } }));
    expect(error.message).toMatch(/^DUAL_AUTH_VENDOR=pingfederate is not a first-party vendor \(/);
    expect(error.message).not.toContain('did you mean');
    // wave25/newuser: the list ran into the next sentence, "(…, okta) A third-party adapter".
    expect(error.message).toContain('(auth0, entraid, keycloak, oauth, okta). A third-party');
  });
});

describe('missing-package messages of other runtimes', () => {
  it.each([
    ['Bun', 'Cannot find package "@dual-auth/adapter-okta" from "/app/server.ts"'],
    ['Deno', 'Relative import path "@dual-auth/adapter-okta" not prefixed with / or ./ or ../'],
  ])('%s wording counts as not installed', async (_runtime, message) => {
    const error = await rejection(
      createAdapter(oktaConfig, {
        importModule: async () => {
          throw new TypeError(message);
        },
      }),
    );
    expect(error.message).toMatch(
      /^DUAL_AUTH_VENDOR=okta needs @dual-auth\/adapter-okta: npm install @dual-auth\/adapter-okta; installed\? pass `plugins: \[oktaPlugin\]`/,
    );
  });
});

describe('an installed plugin that fails to load is not reported as missing', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dual-auth-plugin-'));
    await writeFile(
      join(dir, 'missing-dependency.mjs'),
      "import '@aws-sdk/not-installed-anywhere';\nexport function createSecretsBackend() {}\n",
    );
    // A plugin's own words may quote its settings: a secret, a person's name.
    await writeFile(
      join(dir, 'throws.mjs'),
      "throw new SyntaxError('broken plugin: secret s3cr3t-v4lue of jane.doe@corp.example');\n",
    );
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('names the class of a missing dependency of the plugin, and how to see which', async () => {
    const importModule: ImportModule = () =>
      import(/* @vite-ignore */ pathToFileURL(join(dir, 'missing-dependency.mjs')).href);
    const error = await rejection(loadSecretsBackend('aws', { env: {}, importModule }));
    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect(error.message).toBe(
      "@dual-auth/secrets-aws is installed but failed to load: Error (import('@dual-auth/secrets-aws') in node says why)",
    );
    expect(error.message).not.toContain('npm install');
  });

  // Session 38: the raw error was kept as `cause`, so its message (a plugin's text, which may
  // quote a secret or a person) reached toJSON, util.inspect and pino's err serializer.
  it('keeps the class of an error thrown while the plugin loads as the cause, never its message', async () => {
    const importModule: ImportModule = () =>
      import(/* @vite-ignore */ pathToFileURL(join(dir, 'throws.mjs')).href);
    const error = await rejection(createAdapter(oktaConfig, { importModule }));
    expect(error.message).toBe(
      "@dual-auth/adapter-okta is installed but failed to load: SyntaxError (import('@dual-auth/adapter-okta') in node says why)",
    );
    expect((error.cause as Error).name).toBe('SyntaxError');
    for (const shown of [JSON.stringify(error), inspect(error), inspect(error.cause)]) {
      expect(shown).not.toMatch(/s3cr3t|jane\.doe|broken plugin/);
    }
  });
});

describe('loadSecretsBackend with an installed plugin', () => {
  const memory: SecretsBackend = {
    ...createEnvSecretsBackend({ env: KEYCLOAK_ENV }),
    backendName: 'aws',
  };

  it('builds the env backend itself and loads the others by package name', async () => {
    const seen: string[] = [];
    const received: unknown[] = [];
    const importModule = modules(
      {
        '@dual-auth/secrets-aws': {
          createSecretsBackend: (options: unknown) => {
            received.push(options);
            return memory;
          },
        },
      },
      seen,
    );
    const env = { DUAL_AUTH_AWS_REGION: 'eu-west-1' };
    expect((await loadSecretsBackend('env', { env, importModule })).backendName).toBe(
      'environment',
    );
    expect(seen).toEqual([]);
    const backend = await loadSecretsBackend(undefined, {
      env: { ...env, DUAL_AUTH_SECRETS_BACKEND: 'AWS' },
      importModule,
      region: 'us-west-2',
    });
    expect(backend).toBe(memory);
    expect(seen).toEqual(['@dual-auth/secrets-aws']);
    expect(received).toEqual([
      {
        env: { ...env, DUAL_AUTH_SECRETS_BACKEND: 'AWS' },
        logger: defaultLogger,
        region: 'us-west-2',
      },
    ]);
  });

  it('getConfig reads every secret through the loaded backend', async () => {
    const config = await getConfig({
      secretsBackend: 'aws',
      env: {},
      plugins: [fixtureAdapter('keycloak')],
      importModule: modules({ '@dual-auth/secrets-aws': { createSecretsBackend: () => memory } }),
    });
    expect(config).toMatchObject({ vendor: 'keycloak', clientId: 'finance-agent' });
  });

  it('refuses a plugin without createSecretsBackend or built for another contract version', async () => {
    const noFactory = await rejection(
      loadSecretsBackend('gcp', { importModule: modules({ '@dual-auth/secrets-gcp': {} }) }),
    );
    expect(noFactory).toMatchObject({ packageName: '@dual-auth/secrets-gcp' });
    expect(noFactory.message).toContain('has no createSecretsBackend export');
    const v2 = await rejection(
      loadSecretsBackend('gcp', {
        importModule: modules({
          '@dual-auth/secrets-gcp': {
            createSecretsBackend: () => ({ ...memory, specificationVersion: 'v2' }),
          },
        }),
      }),
    );
    expect(ConfigurationError.isInstance(v2)).toBe(true);
    expect(v2.message).toBe(
      '@dual-auth/secrets-gcp implements secrets backend contract v2, this @dual-auth/core needs v1: install matching versions',
    );
  });

  it('wraps a plain failure to start as SecretsBackendError and passes dual-auth errors through', async () => {
    const plain = await rejection(
      loadSecretsBackend('azure', {
        importModule: modules({
          '@dual-auth/secrets-azure': {
            createSecretsBackend: () => {
              throw new Error('no vault url');
            },
          },
        }),
      }),
    );
    expect(SecretsBackendError.isInstance(plain)).toBe(true);
    expect(plain).toMatchObject({
      message: 'Failed to initialize azure secrets backend: Error',
      backend: 'azure',
    });
    const own = new SecretsBackendError({
      message: 'DUAL_AUTH_AZURE_VAULT_URL environment variable is required for Azure backend.',
      backend: 'azure',
    });
    const passed = await rejection(
      loadSecretsBackend('azure', {
        importModule: modules({
          '@dual-auth/secrets-azure': {
            createSecretsBackend: () => {
              throw own;
            },
          },
        }),
      }),
    );
    expect(passed).toBe(own);
  });

  it('throws TypeError for wrong argument types', async () => {
    await expect(loadSecretsBackend(5 as never)).rejects.toThrow(TypeError);
    await expect(loadSecretsBackend('aws', { importModule: 'x' as never })).rejects.toThrow(
      TypeError,
    );
  });
});

describe('createAdapter with an installed adapter', () => {
  const adapter: IamAdapter = {
    specificationVersion: 'v1',
    vendor: 'okta',
    id: 'okta|x|finance-agent',
    audience: 'api://finance',
    requestToken: async () => {
      throw new Error('not called here');
    },
  };

  it('loads @dual-auth/adapter-<vendor> and passes the config and the adapter options', async () => {
    const calls: unknown[][] = [];
    const seen: string[] = [];
    const fetchStub = (() => Promise.reject(new Error('no network'))) as typeof fetch;
    const importModule = modules(
      {
        '@dual-auth/adapter-okta': {
          oktaPlugin: fixtureAdapter('okta', {
            createAdapter: (...args: unknown[]) => {
              calls.push(args);
              return adapter;
            },
          }),
        },
      },
      seen,
    );
    const result = await createAdapter(oktaConfig, {
      importModule,
      fetch: fetchStub,
      timeoutMs: 500,
    });
    expect(result).toBe(adapter);
    expect(seen).toEqual(['@dual-auth/adapter-okta']);
    expect(calls).toEqual([[oktaConfig, { fetch: fetchStub, timeoutMs: 500 }]]);
  });

  it('loads the config with getConfig when none is given', async () => {
    const configs: VendorConfig[] = [];
    const importModule = modules({
      '@dual-auth/adapter-keycloak': {
        keycloakPlugin: fixtureAdapter('keycloak', {
          completeConfig: ({ tokenUrl }) => ({ audience: String(tokenUrl).split('/protocol/')[0] }),
          createAdapter: (config: VendorConfig) => {
            configs.push(config);
            return { ...adapter, vendor: 'keycloak' };
          },
        }),
      },
    });
    // Loaded by name, a vendor must be named: no plugin is there to be the default.
    await createAdapter(undefined, {
      env: { ...KEYCLOAK_ENV, DUAL_AUTH_VENDOR: 'keycloak' },
      importModule,
    });
    expect(configs[0]).toMatchObject({
      vendor: 'keycloak',
      audience: 'https://kc.example/realms/agents',
    });
    expect(configs[0]?.clientSecret).toBe('plugin-test-secret');
  });

  it('refuses an adapter of another contract version and wraps a plain failure', async () => {
    const old = await rejection(
      createAdapter(oktaConfig, {
        importModule: modules({
          '@dual-auth/adapter-okta': {
            oktaPlugin: fixtureAdapter('okta', {
              createAdapter: () => ({ ...adapter, specificationVersion: 'v0' }) as never,
            }),
          },
        }),
      }),
    );
    expect(old.message).toBe(
      '@dual-auth/adapter-okta implements adapter contract v0, this @dual-auth/core needs v1: install matching versions',
    );
    const cause = new RangeError('bad');
    const failed = await rejection(
      createAdapter(oktaConfig, {
        importModule: modules({
          '@dual-auth/adapter-okta': {
            oktaPlugin: fixtureAdapter('okta', {
              createAdapter: () => {
                throw cause;
              },
            }),
          },
        }),
      }),
    );
    expect(ConfigurationError.isInstance(failed)).toBe(true);
    expect(failed.cause).toBe(cause);
  });

  // Session 37: core awaited an async factory that doctor and the conformance suite refuse.
  it('refuses a factory that returns a promise, as doctor and the conformance suite do', async () => {
    for (const settles of [Promise.resolve(adapter), Promise.reject(new Error('no key'))]) {
      const error = await rejection(
        createAdapter(oktaConfig, {
          importModule: modules({
            '@dual-auth/adapter-okta': {
              oktaPlugin: fixtureAdapter('okta', { createAdapter: () => settles as never }),
            },
          }),
        }),
      );
      expect(ConfigurationError.isInstance(error)).toBe(true);
      expect(error.message).toBe(
        "@dual-auth/adapter-okta's createAdapter returned a promise: make it return the adapter (not async)",
      );
    }
  });

  it('throws TypeError for a config that is not one', async () => {
    await expect(createAdapter({ vendor: 'cognito' } as never)).rejects.toThrow(TypeError);
    await expect(createAdapter(oktaConfig, 'x' as never)).rejects.toThrow(TypeError);
  });
});
