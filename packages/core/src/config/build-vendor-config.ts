import type { VendorConfig } from '../contracts/config.js';
import type { Logger } from '../contracts/logger.js';
import type { AdapterPlugin, ConfigSetting } from '../contracts/plugin-modules.js';
import { ConfigurationError } from '../errors/configuration-error.js';
import { createDualAuthConfig } from './create-dual-auth-config.js';
import type { SettingValues } from './read-config-settings.js';
import { validateTokenUrl } from './validate-token-url.js';

/** Options of {@link buildVendorConfig}. */
export interface BuildVendorConfigOptions {
  allowInsecureLoopback?: boolean | undefined;
  logger: Logger;
}

const PEM_PRIVATE_KEY = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/;

/**
 * Turns the values read for a vendor's settings into its validated, redacting config: each value
 * checked by its kind, in the settings' order, then the plugin's `completeConfig`.
 *
 * @throws ConfigurationError naming the variable at fault.
 */
export function buildVendorConfig(
  plugin: AdapterPlugin,
  values: SettingValues,
  options: BuildVendorConfigOptions,
): VendorConfig {
  const fields: Record<string, string | undefined> = { vendor: plugin.vendor };
  for (const setting of plugin.settings) {
    const value = values[setting.variable];
    if (value !== undefined) fields[setting.field] = checkSetting(setting, value, options);
  }
  const completed = plugin.completeConfig?.(fields, { logger: options.logger }) ?? {};
  return createDualAuthConfig({ ...fields, ...completed } as unknown as VendorConfig);
}

function checkSetting(
  { variable, kind }: ConfigSetting,
  value: string,
  options: BuildVendorConfigOptions,
): string {
  if (kind === 'token-url') return validateTokenUrl(value, { variable, ...options });
  if (kind !== 'private-key-pem') return value;
  // A PEM in a one-line variable often arrives with literal "\n" for its line breaks.
  const text = value.includes('\n') ? value.trim() : value.trim().replaceAll('\\n', '\n');
  if (!PEM_PRIVATE_KEY.test(text)) {
    throw new ConfigurationError({
      message: `${variable} must be a PEM private key (-----BEGIN PRIVATE KEY-----)`,
      variable,
    });
  }
  return text;
}
