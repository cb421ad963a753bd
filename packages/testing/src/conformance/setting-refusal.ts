import { ConfigurationError, requireValue } from '@dual-auth/core';
import { expect } from 'vitest';
import { textForms } from './conformance-context.js';

/** What {@link settingRefusal} expects of the refusal. */
export interface ExpectedSettingRefusal {
  /** The option or environment variable the message starts with, e.g. `DUAL_AUTH_AWS_REGION`. */
  readonly name: string;
  /** The code point the message names in parentheses, e.g. `U+200B`. */
  readonly codePoint: string;
  /** Text placed in the refused value that no text form of the error may show. */
  readonly hidden: string;
}

/**
 * Runs `construct` and expects (vitest) it to throw core's `ConfigurationError` refusing one
 * setting for an invisible or control character: the message starts with `<name> holds ` and
 * names the code point, and `String`, `JSON.stringify` and `util.inspect` of the error never show
 * `hidden` (the value is not echoed). Returns the error.
 *
 * @throws an assertion error when `construct` returns, or throws anything else.
 * @example
 * ```ts
 * import { settingRefusal } from '@dual-auth/testing/conformance';
 *
 * settingRefusal(() => new AwsSecretsBackend({ region: 'eu-west-1\u200Bzq7' }), {
 *   name: 'region',
 *   codePoint: 'U+200B',
 *   hidden: 'zq7',
 * });
 * ```
 */
export function settingRefusal(
  construct: () => unknown,
  expected: ExpectedSettingRefusal,
): ConfigurationError {
  requireValue(construct, 'construct', 'function');
  requireValue(expected, 'expected', 'object');
  let error: unknown;
  let returned = false;
  try {
    construct();
    returned = true;
  } catch (caught) {
    error = caught;
  }
  expect(returned, `${expected.name} with ${expected.codePoint} was accepted`).toBe(false);
  expect(ConfigurationError.isInstance(error)).toBe(true);
  const message = (error as Error).message;
  expect(message.startsWith(`${expected.name} holds `)).toBe(true);
  expect(message).toContain(`(${expected.codePoint})`);
  for (const shown of textForms(error)) expect(shown).not.toContain(expected.hidden);
  return error as ConfigurationError;
}
