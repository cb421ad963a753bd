import {
  type AdapterPlugin,
  type Clock,
  getConfig,
  type SecretsBackend,
  SPECIFICATION_VERSION,
} from '@dual-auth/core';
import type { SecretsBackendOptions } from '@dual-auth/core/secrets-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ReferenceSecretKey, referenceSecrets } from '../emulators/reference-secrets.js';
import { loadWorkspaceAdapterPlugins } from '../plugins/load-workspace-adapter-plugins.js';
import { createRecordingLogger } from '../recording-logger.js';
import { rejection, textForms } from './conformance-context.js';
import { secretsBackendFailure } from './secrets-backend-failure.js';
import { settingRefusal } from './setting-refusal.js';
import { settingsEnv } from './settings-env.js';

/** The failures every store emulator can inject, named for what the backend sees. */
export type SecretsConformanceFailure = 'access-denied' | 'throttled';

/** The secret store emulator behind the backend under test, addressed by dual-auth key. */
export interface SecretsConformanceStore {
  /** Stores `value` where the backend reads `key` from (the store's own name for it). */
  setSecret(key: string, value: string): void;
  /** Answers the next `times` (default 1) secret reads with `failure`. */
  failNext(failure: SecretsConformanceFailure, times?: number): void;
  /** How many secret reads (not logins or token requests) the store has answered so far. */
  reads(): number;
  /** Stops the store; its endpoint then refuses connections. */
  close(): Promise<void>;
}

/** One running store and a factory of backends that read it. */
export interface SecretsConformanceSetup {
  readonly store: SecretsConformanceStore;
  /**
   * Builds the backend under test on `store`, with the given shared options (`logger`, `clock`,
   * `cacheTtlMs`, …) over the plugin's own. It must make one attempt per read (no retries) so an
   * injected failure is the answer.
   */
  createBackend(options: SecretsBackendOptions): SecretsBackend;
  /**
   * The environment that points `createBackend` at the store, with a value for each of the
   * suite's `settings` (`{ DUAL_AUTH_AWS_SECRET_PREFIX: 'dual-auth/' }`); `createBackend` must
   * then read them from the `env` option it is given. Default `{}`.
   */
  readonly env?: Readonly<Record<string, string>>;
}

/** Options of {@link runSecretsBackendConformance}. */
export interface SecretsBackendConformanceOptions {
  /** The `backendName` the backend declares and its errors carry. */
  readonly name: string;
  /** Starts a fresh store emulator; called once for the suite and once for a dead endpoint. */
  readonly start: () => Promise<SecretsConformanceSetup>;
  /** Credentials and tokens of the store (or a part of them) that no text form or log may show. */
  readonly credentials?: readonly string[];
  /**
   * Adapter plugins whose configurations the store must serve through `getConfig`: those whose
   * settings all have a reference value are used. Default: the workspace's adapter packages.
   */
  readonly adapters?: readonly AdapterPlugin[];
  /**
   * The environment variables that say where the backend's secrets live (a prefix, a project, a
   * mount, an address), each with a value in the setup's `env`. The suite checks that each still
   * names the same secrets with the surrounding whitespace a secret file or a Kubernetes secret
   * leaves (`$(cat file)` with its line break: trimmed, as core trims its settings), and that a
   * line break inside the value is refused with core's `ConfigurationError` naming the variable
   * ({@link settingRefusal}). Default none.
   */
  readonly settings?: readonly string[];
}

const MISSING = 'CONFORMANCE_MISSING_KEY';

/**
 * Registers the tests every `SecretsBackend` must pass (vitest), against the plugin's store
 * emulator: the contract fields; every reference key resolving, also through `getConfig` for
 * each adapter whose settings they cover (the same config as from the environment; the vendor read
 * from the store, a second configuration from the cache); `required: false` hiding only a missing secret; not found, access denied,
 * throttled and a dead endpoint as a `SecretsBackendError` naming the backend and key; one network
 * call for repeated and concurrent reads until the TTL passes, misses and failures not cached;
 * abort signals; TypeErrors for bad arguments; each of `settings` trimmed of surrounding whitespace
 * and refused with a line break inside; and no value in the text forms of the backend, its errors
 * or its logs.
 *
 * @example
 * ```ts
 * // aws-secrets-backend.conformance.test.ts
 * import { runSecretsBackendConformance } from '@dual-auth/testing/conformance';
 * import { startAwsSecretsManagerEmulator } from '@dual-auth/testing/emulators';
 * import { AwsSecretsBackend } from './aws-secrets-backend.js';
 *
 * runSecretsBackendConformance({
 *   name: 'aws',
 *   start: async () => {
 *     const aws = await startAwsSecretsManagerEmulator();
 *     return {
 *       store: {
 *         setSecret: (key, value) => aws.setSecret(`dual-auth/${key}`, value),
 *         failNext: (failure, times) =>
 *           aws.failNext(failure === 'throttled' ? 'throttling' : failure, times),
 *         reads: () => aws.requests.length,
 *         close: () => aws.close(),
 *       },
 *       createBackend: (options) =>
 *         new AwsSecretsBackend({ endpoint: aws.endpoint, caPem: aws.caPem, maxAttempts: 1, env: {}, ...options }),
 *     };
 *   },
 * });
 * ```
 */
export function runSecretsBackendConformance(options: SecretsBackendConformanceOptions): void {
  const { name, start } = options ?? {};
  if (typeof name !== 'string' || name === '') {
    throw new TypeError('runSecretsBackendConformance: name must be a non-empty string');
  }
  if (typeof start !== 'function') {
    throw new TypeError('runSecretsBackendConformance: start must be a function');
  }

  describe(`SecretsBackend conformance (${name})`, () => {
    const values = referenceSecrets();
    const hidden = [...Object.values(values), ...(options.credentials ?? [])];
    const keys = Object.keys(values) as ReferenceSecretKey[];
    const logger = createRecordingLogger();
    let setup: SecretsConformanceSetup | undefined;
    const running = (): SecretsConformanceSetup => {
      if (setup === undefined) throw new Error('the secret store emulator is not running');
      return setup;
    };
    const backend = (extra: SecretsBackendOptions = {}): SecretsBackend =>
      running().createBackend({ logger, ...extra });
    const countReads = (): (() => number) => {
      const before = running().store.reads();
      return () => running().store.reads() - before;
    };
    const failure = async (promise: Promise<unknown>, key: string) => {
      const error = await secretsBackendFailure(promise);
      expect(error).toMatchObject({ backend: name, key, code: 'ERR_SECRETS_BACKEND' });
      for (const text of textForms(error)) {
        for (const value of hidden) expect(text).not.toContain(value);
      }
      return error;
    };

    // The vendors whose every setting has a reference value (the reference's Keycloak and Entra ID).
    let adapters: readonly AdapterPlugin[] = [];
    beforeAll(async () => {
      setup = await start();
      for (const key of keys) setup.store.setSecret(key, values[key]);
      const all = options.adapters ?? (await loadWorkspaceAdapterPlugins());
      adapters = all.filter((plugin) =>
        plugin.settings.every((setting) => setting.optional === true || setting.variable in values),
      );
      // Starting the store and loading the adapter plugins from source are real work: no race.
    }, 120_000);
    afterAll(() => setup?.store.close());

    // Every field, the secrets (non-enumerable getters) included.
    const configFields = (config: object): Record<string, unknown> =>
      Object.fromEntries(
        Object.getOwnPropertyNames(config)
          .map((field) => [field, (config as Record<string, unknown>)[field]] as const)
          .filter(([, value]) => typeof value !== 'function'),
      );

    it('declares the contract: specificationVersion and backendName', () => {
      const created = backend();
      expect(created.specificationVersion).toBe(SPECIFICATION_VERSION);
      expect(created.backendName).toBe(name);
    });

    it('resolves every reference key, and through getConfig the same config as the environment', async () => {
      const created = backend();
      for (const key of keys) await expect(created.getSecret(key)).resolves.toBe(values[key]);
      expect(adapters.map((plugin) => plugin.vendor)).not.toEqual([]);
      for (const { vendor, settings } of adapters) {
        const fromStore = await getConfig({
          vendor,
          backend: backend(),
          env: {},
          plugins: adapters,
        });
        const fromEnv = await getConfig({ vendor, env: values, plugins: adapters });
        expect(configFields(fromStore)).toEqual(configFields(fromEnv));
        expect(fromStore).toMatchObject({ vendor, clientId: values.AGENT_CLIENT_ID });
        const tokenUrl = settings.find((setting) => setting.kind === 'token-url');
        expect(fromStore.tokenUrl).toBe(values[tokenUrl?.variable as ReferenceSecretKey]);
        expect(fromStore.clientSecret).toBe(values.AGENT_CLIENT_SECRET);
      }
    });

    it('serves getConfig the vendor from the store, and a second configuration from its cache', async () => {
      const [simplest] = [...adapters].sort((a, b) => a.settings.length - b.settings.length);
      if (simplest === undefined) throw new Error('no adapter plugin to read a configuration with');
      running().store.setSecret('DUAL_AUTH_VENDOR', simplest.vendor);
      const shared = backend();
      const count = countReads();
      const first = await getConfig({ backend: shared, env: {}, plugins: adapters });
      const second = await getConfig({ backend: shared, env: {}, plugins: adapters });
      expect(first).toMatchObject({ vendor: simplest.vendor, clientId: values.AGENT_CLIENT_ID });
      expect(second.clientSecret).toBe(values.AGENT_CLIENT_SECRET);
      // DUAL_AUTH_VENDOR, then each setting once: the second configuration comes from the cache.
      expect(count()).toBe(1 + simplest.settings.length);
    });

    it('getJsonSecret parses a JSON object and refuses anything else without quoting it', async () => {
      running().store.setSecret('CONFORMANCE_JSON', '{"region":"eu","depth":2}');
      running().store.setSecret('CONFORMANCE_NOT_JSON', 'conformance-not-json-value');
      const created = backend();
      await expect(created.getJsonSecret('CONFORMANCE_JSON')).resolves.toEqual({
        region: 'eu',
        depth: 2,
      });
      await expect(created.getJsonSecret(MISSING, { required: false })).resolves.toBeUndefined();
      const error = await failure(
        created.getJsonSecret('CONFORMANCE_NOT_JSON'),
        'CONFORMANCE_NOT_JSON',
      );
      expect(error.message).toMatch(/contains invalid JSON: SyntaxError$/);
      for (const text of textForms(error)) expect(text).not.toContain('conformance-not-json-value');
    });

    it('required: false hides a missing secret, and nothing else', async () => {
      await expect(backend().getSecret(MISSING, { required: false })).resolves.toBeUndefined();
      running().store.failNext('access-denied');
      const key = 'AGENT_CLIENT_SECRET';
      await failure(backend().getSecret(key, { required: false }), key);
      running().store.failNext('throttled');
      await failure(backend().getSecret(key, { required: false }), key);
    });

    it('not found, access denied and throttled are SecretsBackendErrors with backend and key', async () => {
      await failure(backend().getSecret(MISSING), MISSING);
      running().store.failNext('access-denied');
      await failure(backend().getSecret('AGENT_CLIENT_SECRET'), 'AGENT_CLIENT_SECRET');
      running().store.failNext('throttled');
      await failure(backend().getSecret('APP_PRIVATE_KEY'), 'APP_PRIVATE_KEY');
    });

    it('a dead endpoint (closed port) is a SecretsBackendError with backend and key', async () => {
      const dead = await start();
      dead.store.setSecret('AGENT_CLIENT_SECRET', values.AGENT_CLIENT_SECRET);
      await dead.store.close();
      const created = dead.createBackend({ logger });
      await failure(created.getSecret('AGENT_CLIENT_SECRET'), 'AGENT_CLIENT_SECRET');
      await failure(created.getSecret(MISSING, { required: false }), MISSING);
    });

    it('repeated and concurrent reads make one network call until the TTL passes', async () => {
      let now = 1_000_000;
      const clock: Clock = { now: () => now };
      const cached = backend({ clock, cacheTtlMs: 1_000 });
      const count = countReads();
      const reads = await Promise.all([
        cached.getSecret('API_SCOPE'),
        cached.getSecret('API_SCOPE', { required: false }),
        cached.getSecret('API_SCOPE'),
      ]);
      await cached.getSecret('API_SCOPE');
      expect(reads).toEqual(Array(3).fill(values.API_SCOPE));
      expect(count()).toBe(1);
      now += 999;
      await cached.getSecret('API_SCOPE');
      expect(count()).toBe(1);
      now += 1;
      await expect(cached.getSecret('API_SCOPE')).resolves.toBe(values.API_SCOPE);
      expect(count()).toBe(2);
    });

    it('cacheTtlMs 0 reads every time; misses and failures are not cached', async () => {
      const uncached = backend({ cacheTtlMs: 0 });
      const count = countReads();
      await uncached.getSecret('API_AUDIENCE');
      await uncached.getSecret('API_AUDIENCE');
      expect(count()).toBe(2);
      const cached = backend();
      running().store.failNext('access-denied');
      await failure(cached.getSecret('API_AUDIENCE'), 'API_AUDIENCE');
      await expect(cached.getSecret('API_AUDIENCE')).resolves.toBe(values.API_AUDIENCE);
      const later = 'CONFORMANCE_LATER';
      await expect(cached.getSecret(later, { required: false })).resolves.toBeUndefined();
      running().store.setSecret(later, 'conformance-later-value');
      await expect(cached.getSecret(later)).resolves.toBe('conformance-later-value');
    });

    it('an aborted signal rejects with its reason, before any network call', async () => {
      const count = countReads();
      const reason = new Error('stop');
      const read = backend().getSecret('APP_ID', { signal: AbortSignal.abort(reason) });
      expect(await rejection(read)).toBe(reason);
      expect(count()).toBe(0);
    });

    it('refuses bad arguments and options with TypeErrors', async () => {
      const created = backend();
      for (const key of [42, '', undefined, null]) {
        expect(await rejection(created.getSecret(key as never))).toBeInstanceOf(TypeError);
      }
      expect(await rejection(created.getSecret('APP_ID', 'x' as never))).toBeInstanceOf(TypeError);
      expect(() => backend({ cacheTtlMs: -1 })).toThrow(TypeError);
      expect(() => backend({ logger: 'x' as never })).toThrow(TypeError);
      expect(() => backend({ clock: 5 as never })).toThrow(TypeError);
    });

    for (const variable of options.settings ?? []) {
      const changed = (change: (given: string) => string): Record<string, string> =>
        settingsEnv(running().env ?? {}, variable, change);

      it(`${variable}: surrounding whitespace (a trailing line break) is trimmed, the same secrets are read`, async () => {
        const env = changed((given) => ` ${given}\r\n`);
        const created = backend({ env });
        await expect(created.getSecret('AGENT_CLIENT_SECRET')).resolves.toBe(
          values.AGENT_CLIENT_SECRET,
        );
      });

      it(`${variable}: a line break inside is refused, naming the variable, not the value`, () => {
        const env = changed((given) => `${given}\nzq7`);
        settingRefusal(() => backend({ env }), {
          name: variable,
          codePoint: 'U+000A',
          hidden: 'zq7',
        });
      });
    }

    it('shows no value in String, JSON or inspect of a backend that has read them', async () => {
      const used = backend();
      for (const key of keys) await used.getSecret(key);
      for (const text of textForms(used)) {
        for (const value of hidden) expect(text).not.toContain(value);
      }
    });

    it('logged its start and failures with identifiers only, never a value', () => {
      const events = logger.records.map((record) => record.event);
      expect(events).toContain('secrets_backend_initialized');
      expect(events).toContain('secret_fetch_failed');
      const logged = JSON.stringify(logger.records);
      for (const value of [...hidden, 'conformance-later-value']) {
        expect(logged).not.toContain(value);
      }
    });
  });
}
