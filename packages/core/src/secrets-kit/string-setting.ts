import { checkOption } from '../config/check-option.js';
import { envVariable } from '../config/env-variable.js';
import { refuseInvisibleCharacters } from '../config/refuse-invisible-characters.js';
import { refuseWrappingQuotes } from '../config/refuse-wrapping-quotes.js';
import type { EnvRecord } from '../contracts/plugin-modules.js';
import { ConfigurationError } from '../errors/configuration-error.js';

/**
 * A secrets backend's string setting (a region, a vault URL, a project id, a secret prefix): the
 * own option `option` when given, else the environment variable `variable`, trimmed of its
 * surrounding whitespace as core's `getConfig` trims the settings it reads (a value pasted with
 * `$(cat file)` or from a Kubernetes secret ends in a line break, which would otherwise end up in
 * every secret name). Refused, as core refuses its identifiers, when past that whitespace it holds a control,
 * line-break or invisible format character, or wrapped in quotes (a `.env` line's): such a value
 * would be sent to the store as is, and look right when printed. The backend defaults it (a blank variable may mean its default). A
 * value that is only whitespace is refused: trimmed it would be `''`, which for a prefix means no
 * prefix at all (the reference's reading of an empty variable), the names of every other app
 * sharing the store.
 *
 * @returns the value trimmed (possibly `''`), or `undefined` when neither the option nor the
 *   variable is set.
 * @throws TypeError when the option is not a string; ConfigurationError naming the option or the
 *   variable the value came from and the character's code point (never the value), or saying the
 *   value is wrapped in quotes or only whitespace.
 * @example
 * const region = stringSetting(options, 'region', env, 'DUAL_AUTH_AWS_REGION') ?? 'us-east-1';
 */
export function stringSetting(
  options: object,
  option: string,
  env: EnvRecord,
  variable: string,
): string | undefined {
  const given = checkOption<string>(options, option, 'string');
  const [name, value] =
    given === undefined ? [variable, envVariable(env, variable)] : [option, given];
  if (value === undefined) return undefined;
  refuseInvisibleCharacters(name, value, 'the secrets store');
  refuseWrappingQuotes(name, value, 'the secrets store');
  // Trimmed as getConfig trims what it reads (read-config-settings.ts), past the same check.
  const trimmed = value.trim();
  if (trimmed === '' && value !== '') {
    throw new ConfigurationError({
      message: `${name} is only whitespace: unset it for the default, or set it empty for none`,
      variable: name,
    });
  }
  return trimmed;
}

/**
 * Where a backend's setting came from, for its error messages: the option's name
 * (`the secretPrefix option`) when `options` has it as an own property, else the environment
 * variable (`DUAL_AUTH_GCP_SECRET_PREFIX`), as {@link stringSetting} reads them.
 *
 * @example
 * `${settingSource(options, 'secretPrefix', 'DUAL_AUTH_GCP_SECRET_PREFIX')} may contain only letters`
 */
export function settingSource(options: object, option: string, variable: string): string {
  return Object.hasOwn(options, option) &&
    (options as Record<string, unknown>)[option] !== undefined
    ? `the ${option} option`
    : variable;
}
