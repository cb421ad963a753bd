import type { Clock } from '../contracts/clock.js';
import type { Logger } from '../contracts/logger.js';

/** What each kind of option must be, and the type it is then. */
interface OptionKinds {
  string: string;
  boolean: boolean;
  function: (...args: never[]) => unknown;
  /** A non-null object that is not an array. */
  object: object;
  /** A finite number >= 0 (timeouts, TTLs, sizes; 0 allowed). */
  number: number;
  /** A finite number > 0. */
  positive: number;
  clock: Clock;
  logger: Logger;
  signal: AbortSignal;
}

/** The kinds of value {@link checkOption} and {@link checkValue} tell apart. */
export type OptionKind = keyof OptionKinds;

const LOGGER_METHODS = ['debug', 'info', 'warn', 'error'] as const;

// One message per kind of mistake, whichever package checks.
const EXPECTED: Readonly<Record<OptionKind, string>> = {
  string: 'a string',
  boolean: 'a boolean',
  function: 'a function',
  object: 'an object',
  number: 'a finite number >= 0',
  positive: 'a finite number > 0',
  clock: 'a Clock (an object with a now() method)',
  logger: 'a Logger with debug, info, warn and error methods',
  signal: 'an AbortSignal',
};

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fits(value: unknown, kind: OptionKind): boolean {
  switch (kind) {
    case 'string':
    case 'boolean':
    case 'function':
      return typeof value === kind;
    case 'object':
      return isPlainObject(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) && value >= 0;
    case 'positive':
      return typeof value === 'number' && Number.isFinite(value) && value > 0;
    case 'clock':
      return isPlainObject(value) && typeof value.now === 'function';
    case 'logger':
      return isPlainObject(value) && LOGGER_METHODS.every((m) => typeof value[m] === 'function');
    case 'signal':
      return isPlainObject(value) && typeof value.aborted === 'boolean';
  }
}

/**
 * `value` when it is undefined or of `kind`; otherwise a `TypeError` that names `name` and what
 * was expected, with the type found but never the value (it may be a secret):
 * `options.clock must be a Clock (an object with a now() method), got number`.
 *
 * @throws TypeError as above.
 * @example
 * const clock = checkValue(options.clock, 'options.clock', 'clock') ?? systemClock;
 */
export function checkValue<K extends OptionKind>(
  value: unknown,
  name: string,
  kind: K,
): OptionKinds[K] | undefined {
  if (value === undefined || fits(value, kind)) return value as OptionKinds[K] | undefined;
  const numeric = kind === 'number' || kind === 'positive';
  const found = numeric && typeof value === 'number' ? '' : `, got ${typeName(value)}`;
  throw new TypeError(`${name} must be ${EXPECTED[kind]}${found}`);
}

/**
 * The option `name` of `options`, checked like {@link checkValue} under the name `options.<name>`.
 * The type is the kind's (`clock` → `Clock`), or `T` when given (`checkOption<MyClient>(…, 'object')`).
 *
 * @throws TypeError when `options` is not an object or the option is not of `kind`.
 * @example
 * const region = checkOption(options, 'region', 'string') ?? 'us-east-1';
 */
export function checkOption<T = never, K extends OptionKind = OptionKind>(
  options: unknown,
  name: string,
  kind: K,
): ([T] extends [never] ? OptionKinds[K] : T) | undefined {
  checkValue(options, 'options', 'object');
  const value = (options as Record<string, unknown> | undefined)?.[name];
  return checkValue(value, `options.${name}`, kind) as
    | ([T] extends [never] ? OptionKinds[K] : T)
    | undefined;
}
