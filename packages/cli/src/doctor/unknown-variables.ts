import type { AdapterPlugin, EnvRecord } from '@dual-auth/core';
import { closestName } from '@dual-auth/core/node';
import { DUAL_AUTH_VARIABLES } from './dual-auth-variables.js';

const DUAL_AUTH_PREFIX = 'DUAL_AUTH_';

/**
 * One warning per variable set in `env` that no dual-auth package reads although its name says it
 * is for one: under `DUAL_AUTH_` or the prefix of the vendor's token URL settings (`KEYCLOAK_`,
 * `OAUTH_`: `plugin.settings` of kind `token-url`), or a near miss (at most two letters added,
 * dropped or changed) of a name the vendor reads under another of its prefixes (`AGENT_`, `API_`,
 * `APP_`); names are compared in capitals, so `dual_auth_log` (which no package reads where
 * names are case-sensitive) gives "did you mean DUAL_AUTH_LOG?", unless `env` finds it under its
 * capitals (Node's `process.env` on Windows). Each names the variable, never its value, and the known name it is near ("did you mean
 * DUAL_AUTH_SECRETS_BACKEND?"). Known: {@link DUAL_AUTH_VARIABLES} and the plugin's `settings`,
 * `ignoredSettings` and `keyFiles`. An `env` whose names cannot be listed gives none.
 */
export function unknownVariableWarnings(env: EnvRecord, plugin: AdapterPlugin): string[] {
  const vendorVariables = [
    ...plugin.settings.map((setting) => setting.variable),
    ...(plugin.ignoredSettings ?? []).map((setting) => setting.variable),
    ...(plugin.keyFiles ?? []).map((file) => file.variable),
  ];
  const known = [...DUAL_AUTH_VARIABLES, ...vendorVariables];
  const ownPrefixes = [
    DUAL_AUTH_PREFIX,
    ...plugin.settings
      .filter((setting) => setting.kind === 'token-url')
      .map((setting) => prefixOf(setting.variable)),
  ];
  const sharedPrefixes = vendorVariables.map(prefixOf);
  const names = namesOf(env);
  const warnings: string[] = [];
  for (const name of names) {
    // Every package reads its names in capitals: another case is read only where lookups ignore
    // case (Node's process.env on Windows), and there only when the capitals are not set too.
    const upper = name.toUpperCase();
    if (known.includes(name) || (!names.includes(upper) && findsAnyCase(env, name, upper))) {
      continue;
    }
    const own = ownPrefixes.some((prefix) => upper.startsWith(prefix));
    if (!own && !sharedPrefixes.includes(prefixOf(upper))) continue;
    const near = known.includes(upper) ? upper : closestName(upper, known);
    if (!own && near === undefined) continue;
    warnings.push(
      `${name} is set, and no dual-auth package reads it (vendor ${plugin.vendor}): ${
        near === undefined
          ? 'check its name against docs/wire-format.md, or unset it'
          : near === upper
            ? `did you mean ${near}? (environment names are case-sensitive)`
            : `did you mean ${near}?`
      }`,
    );
  }
  return warnings;
}

// Whether `env` finds `name` set in another case under `upper` (no value read); false when it
// refuses to say.
function findsAnyCase(env: EnvRecord, name: string, upper: string): boolean {
  try {
    return upper !== name && upper in env;
  } catch {
    return false;
  }
}

function prefixOf(variable: string): string {
  return `${variable.split('_')[0]}_`;
}

// Names only: no value is read. A runtime that refuses to list the environment gives no warning.
function namesOf(env: EnvRecord): string[] {
  try {
    return Object.keys(env).sort();
  } catch {
    return [];
  }
}
