import { type AdapterPlugin, type EnvRecord, getConfig, requireValue } from '@dual-auth/core';
import { expect } from 'vitest';
import { createRecordingLogger } from '../recording-logger.js';

/** A value no log may show: each ignored variable is set to it. */
const HIDDEN = 'https://ignored-value.example/never-logged';

/**
 * Expects (vitest) `getConfig` with `plugin` to log, for each variable of `warnings` set beside
 * `env`, exactly one warning: `config_setting_ignored` with the plugin's vendor, the variable and
 * `<variable> is ignored with DUAL_AUTH_VENDOR=<vendor>: <what warnings gives>`, never the value;
 * and no warning for `env` alone (the variables the vendor reads).
 *
 * @throws an assertion error at the first variable that logs anything else.
 * @example
 * ```ts
 * import { ignoredSettingWarnings } from '@dual-auth/testing/conformance';
 *
 * await ignoredSettingWarnings(keycloakPlugin, env, {
 *   API_AUDIENCE: '"aud" comes from an Audience mapper on the agent client; …',
 * });
 * ```
 */
export async function ignoredSettingWarnings(
  plugin: AdapterPlugin,
  env: EnvRecord,
  warnings: Readonly<Record<string, string>>,
): Promise<void> {
  requireValue(plugin, 'plugin', 'object');
  requireValue(env, 'env', 'object');
  requireValue(warnings, 'warnings', 'object');
  const { vendor } = plugin;
  // The first case, no variable added: the variables the vendor reads log no warning.
  const cases: readonly (readonly [string, string])[] = [['', ''], ...Object.entries(warnings)];
  for (const [variable, instead] of cases) {
    const logger = createRecordingLogger();
    const given = variable === '' ? env : { ...env, [variable]: HIDDEN };
    await getConfig({ env: given, plugins: [plugin], logger });
    const message = `${variable} is ignored with DUAL_AUTH_VENDOR=${vendor}: ${instead}`;
    const expected = {
      level: 'warn',
      event: 'config_setting_ignored',
      fields: { vendor, variable, message },
    };
    expect(logger.records.filter((record) => record.level === 'warn')).toEqual(
      variable === '' ? [] : [expected],
    );
    expect(JSON.stringify(logger.records)).not.toContain(HIDDEN);
  }
}
