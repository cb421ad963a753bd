// The helpers @dual-auth/core/secrets-kit exports for secrets backends, as exported: each checks
// its arguments, then runs core's own helper, which core's env backend calls unchecked. A wrong
// argument is a TypeError naming it and what to pass: never "Cannot read properties of undefined"
// from inside, never a load deadline of NaN ms (a timer that fires at once) from parts not given.
import { checkValue, requireValue } from '../config/check-option.js';
import { requireObject } from '../config/require-argument.js';
import { constructSdkClient as constructUnchecked } from './construct-sdk-client.js';
import { deriveLoadTimeoutMs as deriveUnchecked } from './derive-load-timeout-ms.js';
import { kebabSecretName as kebabUnchecked } from './kebab-secret-name.js';
import { parseJsonSecret as parseJsonUnchecked } from './parse-json-secret.js';
import { secretValue as secretValueUnchecked } from './secret-value.js';
import {
  settingSource as settingSourceUnchecked,
  stringSetting as stringSettingUnchecked,
} from './string-setting.js';

/**
 * How long one secret load may take, in ms: `requests` attempts of `timeoutMs`, plus `waitMs`.
 *
 * @throws TypeError when `parts` is not an object, `requests` not a positive integer, `timeoutMs`
 *   or `waitMs` not a finite number >= 0.
 */
export const deriveLoadTimeoutMs: typeof deriveUnchecked = (given) => {
  const parts = requireObject(given, 'parts');
  requireValue(parts.requests, 'parts.requests', 'positiveInteger');
  requireValue(parts.timeoutMs, 'parts.timeoutMs', 'number');
  checkValue(parts.waitMs, 'parts.waitMs', 'number');
  return deriveUnchecked(parts);
};

/**
 * `key` as a kebab-case secret name under `prefix` (`AGENT_CLIENT_ID` → `dual-auth-agent-client-id`).
 *
 * @throws TypeError when `key` or `prefix` is not a string.
 */
export const kebabSecretName: typeof kebabUnchecked = (key, prefix) =>
  kebabUnchecked(requireValue(key, 'key', 'string'), requireValue(prefix, 'prefix', 'string'));

/**
 * A secret's value parsed as a JSON object; the error never quotes the value.
 *
 * @throws TypeError when `value` is not a string or `source` not an object.
 * @throws SecretsBackendError naming the key.
 */
export const parseJsonSecret: typeof parseJsonUnchecked = (value, source) => {
  requireValue(value, 'value', 'string');
  requireValue(source, 'source', 'object');
  return parseJsonUnchecked(value, source);
};

/**
 * The value of a secret lookup; undefined or `onMissing`'s error when it found none.
 *
 * @throws TypeError when `lookup` is not an object, `required` not a boolean or `onMissing` not a
 *   function.
 */
export const secretValue: typeof secretValueUnchecked = (lookup, required, onMissing) => {
  requireValue(lookup, 'lookup', 'object');
  checkValue(required, 'required', 'boolean');
  requireValue(onMissing, 'onMissing', 'function');
  return secretValueUnchecked(lookup, required, onMissing);
};

/**
 * A string setting: the option when given, else the environment variable.
 *
 * @throws TypeError when `options` or `env` is not an object, `option` or `variable` not a
 *   string, or the option is not a string.
 */
export const stringSetting: typeof stringSettingUnchecked = (options, option, env, variable) => {
  requireValue(options, 'options', 'object');
  requireValue(option, 'option', 'string');
  requireValue(env, 'env', 'object');
  requireValue(variable, 'variable', 'string');
  return stringSettingUnchecked(options, option, env, variable);
};

/**
 * Where a setting came from, for messages: `the <option> option` or the variable's name.
 *
 * @throws TypeError when `options` is not an object or `option`, `variable` not strings.
 */
export const settingSource: typeof settingSourceUnchecked = (options, option, variable) => {
  requireValue(options, 'options', 'object');
  requireValue(option, 'option', 'string');
  requireValue(variable, 'variable', 'string');
  return settingSourceUnchecked(options, option, variable);
};

/**
 * `construct()`, its throw a SecretsBackendError naming `failure.client` and `failure.hint`.
 *
 * @throws TypeError when `construct` is not a function or `failure` not an object with string
 *   `backend`, `client` and `hint`.
 */
export const constructSdkClient: typeof constructUnchecked = (construct, given) => {
  requireValue(construct, 'construct', 'function');
  const failure = requireObject(given, 'failure');
  for (const name of ['backend', 'client', 'hint'] as const) {
    requireValue(failure[name], `failure.${name}`, 'string');
  }
  return constructUnchecked(construct, failure);
};
