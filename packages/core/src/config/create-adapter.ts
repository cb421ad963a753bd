import type { AdapterOptions } from '../adapter-kit/adapter-options.js';
import type { VendorConfig } from '../contracts/config.js';
import type { IamAdapter } from '../contracts/iam-adapter.js';
import { SPECIFICATION_VERSION } from '../contracts/specification-version.js';
import { ConfigurationError } from '../errors/configuration-error.js';
import { DualAuthError } from '../errors/dual-auth-error.js';
import { errorClassOf } from '../errors/error-class-of.js';
import { checkOption, ownOptions } from './check-option.js';
import { collectPlugins } from './collect-plugins.js';
import type { GetConfigOptions } from './get-config.js';
import { getConfig } from './get-config.js';
import { isPluginName } from './parse-plugin-name.js';
import { refusePositionalArguments } from './refuse-positional-arguments.js';
import { resolveAdapterPlugin } from './resolve-adapter-plugin.js';

/**
 * Options of {@link createAdapter}: those of `getConfig` (used when no config is given), those
 * every adapter takes (`fetch`, `clock`, `retry`, …), and the vendor's own in `adapterOptions`.
 */
export interface CreateAdapterOptions
  extends GetConfigOptions,
    Omit<AdapterOptions, 'env' | 'logger'> {
  /**
   * Options only the vendor's adapter knows (`clientAuthentication`, …), passed on as they are.
   * The adapter refuses a name it does not take (TypeError naming it, as a typo would be): an app
   * that picks its IdP with `DUAL_AUTH_VENDOR` chooses them per vendor, e.g.
   * `adapterOptions: ADAPTER_OPTIONS[config.vendor]`.
   */
  adapterOptions?: Readonly<Record<string, unknown>> | undefined;
}

const CONFIG_ONLY: ReadonlySet<string> = new Set<keyof CreateAdapterOptions>([
  'vendor',
  'secretsBackend',
  'backend',
  'backendOptions',
  'plugins',
  'importModule',
  'signal',
  'adapterOptions',
]);

/**
 * Makes the IAM adapter of `config.vendor` with its adapter plugin: the one in `plugins`, else
 * the one `@dual-auth/adapter-<vendor>` exports, loaded at run time (resolved from core's own
 * folder only, never from `process.cwd()`; pnpm's isolated `node_modules`, Yarn PnP and bundlers
 * need `plugins`). So one variable,
 * `DUAL_AUTH_VENDOR`, picks the IdP: install the adapter packages you may use, and nothing else is
 * bundled. Each adapter package also has its own factory (`createOktaAdapter`, …) for code that
 * knows its vendor.
 *
 * Env: those of `getConfig` when `config` is not given.
 *
 * @throws TypeError for a first argument that is no vendor config (a vendor name, Python's
 * `adapters[vendor]`; the options given first), saying what to pass.
 * @throws ConfigurationError when the adapter package is not installed (`packageName` says which),
 * implements another contract version, or its `createAdapter` returns a promise (the factory is
 * synchronous: `AdapterPlugin.createAdapter`); and `getConfig`'s errors.
 * @example
 * // DUAL_AUTH_VENDOR=okta, npm install @dual-auth/adapter-okta
 * const adapter = await createAdapter();
 * const token = await adapter.requestToken({ agentId, act: { sub: '00u1' }, scope: ['finance.read'] });
 */
export async function createAdapter(
  config?: VendorConfig,
  given: CreateAdapterOptions = {},
): Promise<IamAdapter> {
  // Python's `adapters[vendor]`: createAdapter('keycloak'); the value is not echoed.
  refusePositionalArguments([config, given], {
    call: 'createAdapter',
    example: 'undefined, { plugins: [adapterPlugin] }',
    note: 'which reads DUAL_AUTH_VENDOR, or createAdapter(await getConfig({ vendor, plugins }))',
    takes: 'a vendor config and an options object',
    objects: 2,
  });
  // Own properties only, as getConfig and the adapter kit read them.
  const options = ownOptions(given);
  if (config !== undefined && !isVendorConfig(config)) {
    throw new TypeError(
      'createAdapter: config must be a vendor config (vendor, tokenUrl, clientId: strings) from getConfig, or undefined; the options go second: createAdapter(undefined, { plugins: [adapterPlugin] })',
    );
  }
  checkOption(options, 'adapterOptions', 'object');
  const plugins = collectPlugins(options.plugins);
  const resolved = config ?? (await getConfig(options));
  const packageName = `@dual-auth/adapter-${resolved.vendor}`;
  const plugin = await resolveAdapterPlugin(resolved.vendor, {
    plugins,
    importModule: options.importModule,
  });
  const adapterOptions = {
    ...Object.fromEntries(Object.entries(options).filter(([name]) => !CONFIG_ONLY.has(name))),
    ...options.adapterOptions,
  };
  let adapter: unknown;
  try {
    // Synchronous by contract (AdapterPlugin.createAdapter), as doctor and the conformance suite
    // call it: a promise is refused below, not awaited.
    adapter = plugin.createAdapter(resolved, adapterOptions);
  } catch (error) {
    if (DualAuthError.isInstance(error) || error instanceof TypeError) throw error;
    throw new ConfigurationError({
      message: `${packageName} could not create its adapter: ${errorClassOf(error)}`,
      variable: 'DUAL_AUTH_VENDOR',
      packageName,
      cause: error,
    });
  }
  return checkAdapter(adapter, packageName);
}

function isVendorConfig(config: unknown): config is VendorConfig {
  const { vendor, tokenUrl, clientId } = (config ?? {}) as Partial<VendorConfig>;
  return (
    typeof config === 'object' &&
    isPluginName(vendor) &&
    typeof tokenUrl === 'string' &&
    typeof clientId === 'string'
  );
}

function checkAdapter(adapter: unknown, packageName: string): IamAdapter {
  const candidate = adapter as Partial<IamAdapter & PromiseLike<unknown>> | null;
  const version =
    typeof candidate === 'object' && candidate !== null
      ? candidate.specificationVersion
      : undefined;
  const promise = typeof candidate?.then === 'function';
  // Its rejection, if any, is not left unhandled.
  if (promise) Promise.resolve(candidate).catch(() => {});
  if (
    promise ||
    version !== SPECIFICATION_VERSION ||
    typeof candidate?.requestToken !== 'function'
  ) {
    throw new ConfigurationError({
      message: promise
        ? `${packageName}'s createAdapter returned a promise: make it return the adapter (not async)`
        : `${packageName} implements adapter contract ${String(version)}, this @dual-auth/core needs ${SPECIFICATION_VERSION}: install matching versions`,
      variable: 'DUAL_AUTH_VENDOR',
      packageName,
    });
  }
  return candidate as IamAdapter;
}
