import type { AdapterPlugin } from '../contracts/plugin-modules.js';
import { ConfigurationError } from '../errors/configuration-error.js';
import type { CollectedPlugins } from './collect-plugins.js';
import { checkPluginVersion, isAdapterPlugin } from './collect-plugins.js';
import { FIRST_PARTY_VENDORS } from './first-party-vendors.js';
import type { ImportModule } from './import-plugin.js';
import { importPlugin } from './import-plugin.js';
import { notFirstPartyMessage } from './not-first-party-message.js';

/** Options of {@link resolveAdapterPlugin}. */
export interface ResolveAdapterPluginOptions {
  readonly plugins: CollectedPlugins;
  readonly importModule?: ImportModule | undefined;
}

/**
 * The adapter plugin of `vendor`: the one passed in `plugins`, else the one that
 * `@dual-auth/adapter-<vendor>` exports (whatever its export name), loaded at run time.
 *
 * @throws ConfigurationError when the package is missing (`packageName` says which; for a name
 * that is no first-party vendor, the message lists those and suggests a near one), exports no
 * plugin for `vendor`, or implements another contract version.
 */
export async function resolveAdapterPlugin(
  vendor: string,
  options: ResolveAdapterPluginOptions,
): Promise<AdapterPlugin> {
  const given = options.plugins.adapters.find((plugin) => plugin.vendor === vendor);
  if (given !== undefined) return given;
  const packageName = `@dual-auth/adapter-${vendor}`;
  const module = await importPlugin(packageName, {
    requestedBy: `DUAL_AUTH_VENDOR=${vendor}`,
    variable: 'DUAL_AUTH_VENDOR',
    missingMessage: missingAdapterMessage(vendor, packageName),
    importModule: options.importModule,
  });
  const plugin = Object.values(module).find(
    (value): value is AdapterPlugin => isAdapterPlugin(value) && value.vendor === vendor,
  );
  if (plugin === undefined) {
    throw new ConfigurationError({
      message: `${packageName} exports no adapter plugin for ${vendor}: install a version made for this @dual-auth/core`,
      variable: 'DUAL_AUTH_VENDOR',
      packageName,
    });
  }
  checkPluginVersion(plugin, packageName);
  return plugin;
}

function missingAdapterMessage(vendor: string, packageName: string): string {
  const plugin = FIRST_PARTY_VENDORS[vendor];
  if (plugin !== undefined) {
    return `DUAL_AUTH_VENDOR=${vendor} needs ${packageName}: npm install ${packageName}; installed? pass \`plugins: [${plugin}]\` to createAdapter/getConfig (pnpm, Yarn PnP, bundlers)`;
  }
  return notFirstPartyMessage(
    'DUAL_AUTH_VENDOR',
    vendor,
    'vendor',
    'adapter',
    Object.keys(FIRST_PARTY_VENDORS),
    packageName,
    'createAdapter/getConfig',
  );
}
