import type { Clock } from './clock.js';
import type { ConfigOf } from './config.js';
import type { IamAdapter } from './iam-adapter.js';
import type { Logger } from './logger.js';
import type { SecretsBackend } from './secrets-backend.js';
import type { Vendor } from './vendor.js';

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
 * The shape of `@dual-auth/secrets-<type>`: core's loader calls its `createSecretsBackend`.
 * Options override the backend's environment variables.
 */
export interface SecretsBackendModule {
  createSecretsBackend(options?: PluginOptions & Record<string, unknown>): SecretsBackend;
}

/** The shape of `@dual-auth/adapter-<vendor>`: `createAdapter` in core calls its `createAdapter`. */
export interface AdapterModule<V extends Vendor = Vendor> {
  createAdapter(config: ConfigOf<V>, options?: PluginOptions): IamAdapter;
}
