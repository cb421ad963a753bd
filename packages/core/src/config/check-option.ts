import type { Clock } from '../contracts/clock.js';
import type { Logger } from '../contracts/logger.js';
import type { ReplayStore, TokenCache } from '../contracts/stores.js';

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
  /** An integer >= 1 (counts, sizes, lifetimes in whole seconds). */
  positiveInteger: number;
  /** A whole number of milliseconds from 0 to 2^31-1 (the longest timer delay). */
  milliseconds: number;
  /**
   * A timeout: a whole number of milliseconds from 100 to 2^31-1. Below 100 is refused as seconds
   * written where milliseconds go (the Python guide's `timeout=30`).
   */
  timeoutMs: number;
  /**
   * A clock tolerance (`clockToleranceSeconds`): a finite number of seconds from 0 to
   * {@link MAX_CLOCK_TOLERANCE_SECONDS}. Above is refused as milliseconds written where seconds go
   * (`15000` for 15 s would accept tokens ~4 h past `exp`).
   */
  toleranceSeconds: number;
  clock: Clock;
  logger: Logger;
  signal: AbortSignal;
  replayStore: ReplayStore;
  tokenCache: TokenCache;
}

/** The kinds of value {@link checkOption} and {@link checkValue} tell apart. */
export type OptionKind = keyof OptionKinds;

/** The longest delay a timer holds, in ms: setTimeout refuses delays above 2^31-1 ms. */
export const MAX_TIMER_MS = 2_147_483_647;
// A timeout below this many milliseconds is almost surely seconds written where milliseconds go.
const MIN_TIMEOUT_MS = 100;
/**
 * The largest clock tolerance taken, in seconds: RFC 7519 §4.1.4 allows "some small leeway,
 * usually no more than a few minutes, to account for clock skew". Five minutes is also the whole
 * lifetime of an act assertion and of a DPoP nonce by default: a tolerance longer than that would
 * outlive the credentials it judges.
 */
export const MAX_CLOCK_TOLERANCE_SECONDS = 300;
// The one message for a number of seconds above its bound, milliseconds by mistake.
function msAsSeconds(max: number, why: string): string {
  return `at most ${max} seconds (${why}): seconds, not milliseconds?`;
}
const MS_AS_SECONDS = /* @__PURE__ */ msAsSeconds(
  MAX_CLOCK_TOLERANCE_SECONDS,
  'RFC 7519 section 4.1.4',
);
const SECONDS_AS_MS = /* @__PURE__ */ (() =>
  `in milliseconds: for 30 s pass 30_000 (values below ${MIN_TIMEOUT_MS} are refused as likely seconds)`)();

// One message per kind of mistake, whichever package checks.
const EXPECTED: Readonly<Record<OptionKind, string>> = /* @__PURE__ */ (() => ({
  string: 'a string',
  boolean: 'a boolean',
  function: 'a function',
  object: 'an object',
  number: 'a finite number >= 0',
  positive: 'a finite number > 0',
  positiveInteger: 'a positive integer',
  milliseconds: `a whole number of milliseconds up to ${MAX_TIMER_MS}`,
  timeoutMs: `a whole number of milliseconds up to ${MAX_TIMER_MS}`,
  toleranceSeconds: MS_AS_SECONDS,
  clock: 'a Clock (an object with a now() method)',
  logger: 'a Logger with debug, info, warn and error methods',
  signal: 'an AbortSignal',
  replayStore: 'a ReplayStore (an object with a claim() method)',
  tokenCache: 'a TokenCache with get, set and invalidate methods',
}))();

const METHODS: Readonly<Partial<Record<OptionKind, readonly string[]>>> = {
  clock: ['now'],
  logger: ['debug', 'info', 'warn', 'error'],
  replayStore: ['claim'],
  tokenCache: ['get', 'set', 'invalidate'],
};

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNumberFrom(value: unknown, zeroOk: boolean): value is number {
  return typeof value === 'number' && Number.isFinite(value) && (zeroOk ? value >= 0 : value > 0);
}

function isTimerDelay(value: number): boolean {
  return Number.isInteger(value) && value <= MAX_TIMER_MS;
}

// What is wrong with `value` as a `kind`, as the end of `<name> must be …`; undefined when it fits.
// Numeric kinds are checked in steps so that one mistake (a negative number, a fraction of a
// millisecond, seconds given as milliseconds) reads the same whichever numeric kind caught it.
function mistake(value: unknown, kind: OptionKind): string | undefined {
  switch (kind) {
    case 'string':
    case 'boolean':
    case 'function':
      return typeof value === kind ? undefined : wrongType(value, kind);
    case 'object':
      return isPlainObject(value) ? undefined : wrongType(value, kind);
    case 'number':
      return isNumberFrom(value, true) ? undefined : wrongNumber(value, kind);
    case 'positive':
      return isNumberFrom(value, false) ? undefined : wrongNumber(value, kind);
    case 'positiveInteger':
      return isNumberFrom(value, false) && Number.isInteger(value)
        ? undefined
        : wrongNumber(value, kind);
    case 'milliseconds':
      if (!isNumberFrom(value, true)) return wrongNumber(value, 'number');
      return isTimerDelay(value) ? undefined : EXPECTED[kind];
    case 'timeoutMs':
      if (!isNumberFrom(value, false)) return wrongNumber(value, 'positive');
      if (!isTimerDelay(value)) return EXPECTED[kind];
      return value >= MIN_TIMEOUT_MS ? undefined : SECONDS_AS_MS;
    case 'toleranceSeconds':
      if (!isNumberFrom(value, true)) return wrongNumber(value, 'number');
      return value <= MAX_CLOCK_TOLERANCE_SECONDS ? undefined : MS_AS_SECONDS;
    case 'clock':
    case 'logger':
    case 'replayStore':
    case 'tokenCache':
      return isPlainObject(value) &&
        (METHODS[kind] ?? []).every((m) => typeof value[m] === 'function')
        ? undefined
        : wrongType(value, kind);
    case 'signal':
      return isPlainObject(value) && typeof value.aborted === 'boolean'
        ? undefined
        : wrongType(value, kind);
  }
}

function wrongType(value: unknown, kind: OptionKind): string {
  return `${EXPECTED[kind]}, got ${typeName(value)}`;
}

// The type found, but never a number's value: the kind says what range was expected.
function wrongNumber(value: unknown, kind: OptionKind): string {
  return typeof value === 'number' ? EXPECTED[kind] : wrongType(value, kind);
}

/**
 * `value` when it is undefined or of `kind`; otherwise a `TypeError` that names `name` and what
 * was expected, with the type found but never the value (it may be a secret):
 * `options.clock must be a Clock (an object with a now() method), got number` (`value must be …`
 * when `name` is undefined).
 *
 * @throws TypeError as above.
 * @example
 * const clock = checkValue(options.clock, 'options.clock', 'clock') ?? systemClock;
 */
export function checkValue<K extends OptionKind>(
  value: unknown,
  name = 'value',
  kind: K,
): OptionKinds[K] | undefined {
  const wrong = value === undefined ? undefined : mistake(value, kind);
  if (wrong === undefined) return value as OptionKinds[K] | undefined;
  throw new TypeError(`${name} must be ${wrong}`);
}

/**
 * The option `name` of `options`, a number of seconds (a lifetime, an age), read like
 * an own property (an inherited one is ignored; undefined when `options` is no object: check that object
 * first), checked like {@link checkValue} as `kind`, and at most `max`: a larger value is almost
 * surely milliseconds written where seconds go (`60_000` for a minute), refused with a `TypeError`
 * that names `prefix` + `name`, the bound and `why` (its source):
 * `options.maxLifetimeSeconds must be at most 3600 seconds (an hour): seconds, not milliseconds?`.
 * `prefix` names a nested option (`'options.dpop.'`), or none (`''`).
 *
 * @throws TypeError as above, or as {@link checkValue} when the option is not of `kind`.
 * @example
 * const maxAge = checkSecondsOption(options, 'maxAgeSeconds', 'positive', 3600, 'an hour') ?? 60;
 */
export function checkSecondsOption(
  options: unknown,
  name: string,
  kind: 'number' | 'positive' | 'positiveInteger',
  max: number,
  why: string,
  prefix = 'options.',
): number | undefined {
  const seconds = checkValue(ownOption(options, name), prefix + name, kind);
  if ((seconds ?? 0) > max) {
    throw new TypeError(`${prefix}${name} must be ${msAsSeconds(max, why)}`);
  }
  return seconds;
}

/**
 * The own property `name` of `options`, undefined when `options` is not an object or only inherits
 * it: a value set on `Object.prototype` by a prototype-pollution bug elsewhere in the process must
 * never set an option (a cache lifetime, `allowInsecureLoopback`) of every options object.
 * For one option read without a copy of the whole object ({@link ownOptions}); it checks no type
 * (pass it to {@link checkValue} for that) and throws nothing (a getter's own error aside).
 *
 * @param options - Any value: the caller's options object, or something else (then undefined).
 * @param name - The option's name.
 * @returns The option's value as given, or undefined.
 * @example
 * const signedInAtMs = checkValue(ownOption(request, 'signedInAtMs'), 'signedInAtMs', 'number');
 */
export function ownOption(options: unknown, name: string): unknown {
  if (typeof options !== 'object' || options === null || !Object.hasOwn(options, name)) {
    return undefined;
  }
  return (options as Record<string, unknown>)[name];
}

/**
 * A copy of `options`' own enumerable properties on a `null` prototype, so that whatever reads
 * it, `options.fetch` as much as a destructuring, never gets a value a prototype-pollution bug
 * set on `Object.prototype` (an inherited `fetch` would receive every credential); `options`
 * itself when it is not a non-null object (its own check then refuses it). For a public factory
 * that reads its options in many places, or hands them on.
 *
 * @example
 * export function createThing(given: ThingOptions) {
 *   const options = ownOptions(given);
 *   const send = options.fetch ?? globalThis.fetch; // never an inherited fetch
 * }
 */
export function ownOptions<T>(options: T): T {
  if (typeof options !== 'object' || options === null) return options;
  return Object.assign(Object.create(null) as T & object, options);
}

/**
 * The option `name` of `options`, checked like {@link checkValue} under the name `options.<name>`;
 * only an own property counts, never one inherited from a polluted `Object.prototype`.
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
  return checkValue(ownOption(options, name), `options.${name}`, kind) as
    | ([T] extends [never] ? OptionKinds[K] : T)
    | undefined;
}

/**
 * Like {@link checkValue}, for a value that must be given: undefined is refused with the same
 * message as any other wrong type (`options.ttlMs must be a finite number > 0, got undefined`).
 *
 * @throws TypeError when `value` is not of `kind`.
 * @example
 * const ttlMs = requireValue(options?.ttlMs, 'options.ttlMs', 'positive');
 */
export function requireValue<K extends OptionKind>(
  value: unknown,
  name = 'value',
  kind: K,
): OptionKinds[K] {
  if (value === undefined) throw new TypeError(`${name} must be ${EXPECTED[kind]}, got undefined`);
  return checkValue(value, name, kind) as OptionKinds[K];
}
