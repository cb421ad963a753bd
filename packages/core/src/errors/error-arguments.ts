// The arguments of core's error classes, checked before anything reads them: a plugin author who
// constructs one wrongly gets a TypeError naming the class and the argument, never "Cannot
// destructure property 'message' of 'undefined'", an error whose message reads "undefined", or
// one whose `util.inspect` throws later (a bigint field). An options object is read once, as a
// copy of its own enumerable fields: a getter or Proxy trap that throws is reported as options
// that could not be read, never surfaced as its own error. Never a value in a message: it may be a
// secret. Kept small: every error class is in every bundle.
import { requireObject } from '../config/require-argument.js';

/** What an argument must be (`typeof`, `array` an `Array.isArray`); `?` lets it be undefined. */
export type ErrorArgumentKind =
  `${'string' | 'number' | 'boolean' | 'object' | 'array'}${'' | '?'}`;

/**
 * `value` when it is of `kind` (never null).
 *
 * @throws TypeError `<className>: <name> must be <kind>, got <type>`.
 */
export function requireErrorArgument<T>(
  value: T,
  className: string,
  name: string,
  kind: ErrorArgumentKind,
): T {
  if (
    value === undefined
      ? kind.endsWith('?')
      : value !== null && kind.startsWith(Array.isArray(value) ? 'array' : typeof value)
  ) {
    return value;
  }
  const type = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
  const article = /^[ao]/.test(kind) ? 'an' : 'a';
  throw new TypeError(
    `${className}: ${name} must be ${article} ${kind.replace('?', ' or undefined')}, got ${type}`,
  );
}

/**
 * A copy of `options`' own enumerable fields on a null prototype (`requireObject`), each of its
 * kind in `fields` (others as given). `argument` is the name the messages give it, the
 * constructor's parameter (default `options`; `denial` for `ToolDeniedError(denial)`).
 *
 * @throws TypeError naming `className` and the argument when `options` is not an object, cannot
 *   be read (a getter or Proxy trap threw: pass a plain object) or a field is not of its kind.
 */
export function errorOptions<T>(
  options: T,
  className: string,
  fields: Readonly<Record<string, ErrorArgumentKind>>,
  argument = 'options',
): T {
  const copy = requireObject(options, `${className}: ${argument}`) as Record<string, unknown>;
  for (const [field, kind] of Object.entries(fields)) {
    requireErrorArgument(copy[field], className, `${argument}.${field}`, kind);
  }
  return copy as T;
}
