import { checkOption } from '../config/check-option.js';
import { refuseInvisibleCharacters } from '../config/refuse-invisible-characters.js';
import type { EnvRecord } from '../contracts/plugin-modules.js';

/**
 * A secrets backend's string setting (a region, a vault URL, a project id, a secret prefix): the
 * own option `option` when given, else the environment variable `variable`, as given (the backend
 * trims and defaults it). Refused, as core refuses its identifiers, when past its surrounding
 * whitespace it holds a control, line-break or invisible format character: such a value would be
 * sent to the store as is, and look right when printed.
 *
 * @returns the value, or `undefined` when neither the option nor the variable is set.
 * @throws TypeError when the option is not a string; ConfigurationError naming the option or the
 *   variable the value came from and the character's code point (never the value).
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
  const [name, value] = given === undefined ? [variable, env[variable]] : [option, given];
  if (value !== undefined) refuseInvisibleCharacters(name, value, 'the secrets store');
  return value;
}
