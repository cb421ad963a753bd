import type { Logger } from '../contracts/logger.js';
import type { AdapterPlugin, EnvRecord } from '../contracts/plugin-modules.js';
import { envVariable } from './env-variable.js';
import { readableUnasked } from './read-env.js';

/**
 * Logs `config_setting_ignored` (warn) for each of the plugin's `ignoredSettings` set, not blank,
 * in `env`: the vendor, the variable's name and what to do instead, never the value. A variable
 * the runtime would not read unasked (Deno without `--allow-env` for it) counts as unset and is not
 * read: a warning must neither fail `getConfig` nor stop it at Deno's permission prompt.
 */
export function warnIgnoredSettings(plugin: AdapterPlugin, env: EnvRecord, logger: Logger): void {
  for (const { variable, instead } of plugin.ignoredSettings ?? []) {
    if (!isSet(env, variable)) continue;
    logger.warn('config_setting_ignored', {
      vendor: plugin.vendor,
      variable,
      message: `${variable} is ignored with DUAL_AUTH_VENDOR=${plugin.vendor}: ${instead}`,
    });
  }
}

function isSet(env: EnvRecord, variable: string): boolean {
  try {
    return readableUnasked(env, variable) && (envVariable(env, variable) ?? '').trim() !== '';
  } catch {
    return false;
  }
}
