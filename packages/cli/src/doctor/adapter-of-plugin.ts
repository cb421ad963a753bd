import {
  type AdapterPlugin,
  ConfigurationError,
  type IamAdapter,
  type VendorConfig,
} from '@dual-auth/core';

/**
 * The adapter `plugin.createAdapter` builds for `config`, checked to be one (it has a
 * `requestToken` function): a factory that returns a promise (an `async createAdapter`) or no
 * adapter is refused by name, instead of failing later as "adapter.requestToken is not a function".
 *
 * @throws ConfigurationError naming the vendor and what the factory returned.
 */
export function adapterOf(
  plugin: AdapterPlugin,
  config: VendorConfig,
  options: Parameters<AdapterPlugin['createAdapter']>[1],
): IamAdapter {
  const adapter: unknown = plugin.createAdapter(config, options);
  if (typeof (adapter as Partial<IamAdapter> | null)?.requestToken === 'function') {
    return adapter as IamAdapter;
  }
  const returned =
    typeof (adapter as { then?: unknown } | null)?.then === 'function'
      ? 'a promise (createAdapter must return the adapter itself, not be async)'
      : 'no adapter (an object with requestToken)';
  throw new ConfigurationError({
    message: `the ${config.vendor} adapter plugin's createAdapter returned ${returned}: fix the adapter plugin`,
    variable: 'DUAL_AUTH_VENDOR',
  });
}
