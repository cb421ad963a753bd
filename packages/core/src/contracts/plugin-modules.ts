import type { Clock } from './clock.js';
import type { DualAuthConfig, VendorConfig } from './config.js';
import type { IamAdapter } from './iam-adapter.js';
import type { Logger } from './logger.js';
import type { SecretsBackend } from './secrets-backend.js';
import type { SpecificationVersion } from './specification-version.js';
import type { TokenRevocation } from './token-revocation.js';

/** Environment variables as a plain record (`process.env`, a Worker's `env`, a test's object). */
export type EnvRecord = Readonly<Record<string, string | undefined>>;

/** What core passes to a plugin it loads by name. */
export interface PluginOptions {
  env?: EnvRecord;
  logger?: Logger;
  clock?: Clock;
  fetch?: typeof globalThis.fetch;
}

/**
 * How `getConfig` reads one value: `text` (default; trimmed), `secret` (kept byte for byte, an
 * HMAC key may end in a space), `token-url` (trimmed, HTTPS only, see `docs/wire-format.md#token-url`),
 * `private-key-pem` (PEM text of a private key; a one-line value with literal `\n` gets its line
 * breaks back).
 */
export type ConfigSettingKind = 'text' | 'secret' | 'token-url' | 'private-key-pem';

/** One value of a vendor's configuration: where `getConfig` reads it and which field it fills. */
export interface ConfigSetting {
  /** The environment variable, and the secret's key in a store (`KEYCLOAK_TOKEN_URL`). */
  readonly variable: string;
  /** The config field it fills (`tokenUrl`). */
  readonly field: string;
  /** Default `text`. */
  readonly kind?: ConfigSettingKind;
  /** Default false: a missing value is a `SecretsBackendError` naming the variable. */
  readonly optional?: boolean;
}

/** A config field holding a key file's path that `@dual-auth/core/node` reads into another field. */
export interface KeyFileSetting {
  /** The field with the path (`appPrivateKeyPath`). */
  readonly pathField: string;
  /** The field that gets the file's PEM text when it is not set already (`appPrivateKey`). */
  readonly keyField: string;
  /** The variable behind the path, for messages (`APP_PRIVATE_KEY_PATH`). */
  readonly variable: string;
}

/**
 * A variable other vendors read that this vendor ignores (`API_AUDIENCE` with Keycloak, whose
 * audience comes from the client's mappers), and what to do instead.
 */
export interface IgnoredSetting {
  /** The environment variable (`API_AUDIENCE`). */
  readonly variable: string;
  /** What to set or do instead, one sentence without values (`add an "Audience" mapper …`). */
  readonly instead: string;
}

/** What {@link AdapterPlugin.completeConfig} gets besides the fields read. */
export interface CompleteConfigContext {
  readonly logger: Logger;
}

/**
 * Everything core needs to know about one IdP vendor, exported by its adapter package
 * (`@dual-auth/adapter-<vendor>`): the settings `getConfig` reads, in the order it reads them, how
 * the config is completed, and the factory of the adapter. Core loads it by name
 * (`DUAL_AUTH_VENDOR=<vendor>`) or takes it from the `plugins` option.
 *
 * @example
 * export const acmePlugin: AdapterPlugin<AcmeConfig, AcmeAdapterOptions> = {
 *   kind: 'adapter',
 *   specificationVersion: 'v1',
 *   vendor: 'acme',
 *   settings: [
 *     { variable: 'ACME_TOKEN_URL', field: 'tokenUrl', kind: 'token-url' },
 *     { variable: 'AGENT_CLIENT_ID', field: 'clientId' },
 *     { variable: 'AGENT_CLIENT_SECRET', field: 'clientSecret', kind: 'secret' },
 *   ],
 *   createAdapter: createAcmeAdapter,
 * };
 */
export interface AdapterPlugin<C extends VendorConfig = VendorConfig, O = object> {
  readonly kind: 'adapter';
  readonly specificationVersion: SpecificationVersion;
  /** The name `DUAL_AUTH_VENDOR` gives (lowercase letters, digits and `-`). */
  readonly vendor: C['vendor'];
  /** What `getConfig` reads, in the order the reference reads it. */
  readonly settings: readonly ConfigSetting[];
  /**
   * Derived fields and rules across fields, after every setting was read and checked: returns
   * fields to add (`audience` cut from the token URL), or throws a `ConfigurationError`.
   */
  completeConfig?(
    fields: Readonly<Record<string, string | undefined>>,
    context: CompleteConfigContext,
  ): Readonly<Record<string, string | undefined>>;
  /** Key files that `@dual-auth/core/node` reads into the config. */
  readonly keyFiles?: readonly KeyFileSetting[];
  /**
   * Variables other vendors read that this one ignores: when one is set (not blank) in the
   * environment, `getConfig` logs `config_setting_ignored` (warn; `vendor`, `variable`, `message`
   * with `instead`), never the value.
   */
  readonly ignoredSettings?: readonly IgnoredSetting[];
  /**
   * Builds the adapter for a config of this vendor, synchronously: it returns the adapter itself,
   * not a promise (an `async createAdapter`). Core's `createAdapter`, `dual-auth doctor` and
   * `runIamAdapterConformance` refuse a promise (`ConfigurationError` naming the plugin); do
   * asynchronous set-up (a key import, a discovery fetch) inside the adapter's first `requestToken`.
   */
  createAdapter(config: C, options?: O): IamAdapter;
  /**
   * The module whose exports hold the vendor's `DoctorAdvice` for `dual-auth doctor`
   * (`@dual-auth/adapter-<vendor>/doctor`): a specifier the CLI imports, not the advice itself,
   * so that an app's bundle never carries it.
   */
  readonly doctorAdvice?: string;
  /** Whether the vendor's IdP revokes access tokens (RFC 7009), and where. */
  readonly tokenRevocation?: TokenRevocation<C>;
}

/**
 * A secrets backend plugin (`@dual-auth/secrets-<type>`), for the `plugins` option of
 * `getConfig`/`loadSecretsBackend`. Loaded by name, a package may instead export only
 * `createSecretsBackend` ({@link SecretsBackendModule}).
 */
export interface SecretsBackendPlugin<O = object> {
  readonly kind: 'secrets-backend';
  readonly specificationVersion: SpecificationVersion;
  /** The name `DUAL_AUTH_SECRETS_BACKEND` gives. */
  readonly type: string;
  /** Other names for it. */
  readonly aliases?: readonly string[];
  createSecretsBackend(options?: O & PluginOptions): SecretsBackend;
}

/**
 * The least a `@dual-auth/secrets-<type>` package exports for core to load it by name: core's
 * loader calls its `createSecretsBackend`. Options override the backend's environment variables.
 */
export interface SecretsBackendModule {
  createSecretsBackend(options?: PluginOptions & Record<string, unknown>): SecretsBackend;
}

/** Any plugin the `plugins` option of `getConfig`, `createAdapter` and `loadSecretsBackend` takes. */
export type DualAuthPlugin =
  // biome-ignore lint/suspicious/noExplicitAny: each plugin has its own config and option types
  AdapterPlugin<any, any> | SecretsBackendPlugin<any>;

/**
 * What `getConfig({ plugins })` returns for those plugins: the config type of each adapter plugin
 * among them (`[keycloakPlugin]` gives `KeycloakConfig`; two adapters, either config), since the
 * vendor must then be one of them. {@link DualAuthConfig} when the plugins' types do not tell: no
 * adapter plugin among them, or plugins typed only as `DualAuthPlugin`/`AdapterPlugin`.
 */
export type ConfigOfPlugins<P extends readonly DualAuthPlugin[]> = [
  AdapterConfigOf<P[number]>,
] extends [never]
  ? DualAuthConfig
  : VendorConfig extends AdapterConfigOf<P[number]>
    ? DualAuthConfig
    : AdapterConfigOf<P[number]>;

// Distributes over a union of plugins: the config type of each adapter plugin, never for others.
type AdapterConfigOf<P> =
  P extends AdapterPlugin<infer C, infer _O> ? (0 extends 1 & C ? VendorConfig : C) : never;
