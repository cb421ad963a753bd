// Argument checks of the helpers core's entries and the client export for plugins and other
// transports (the `checked-exports.ts` files, client's `checked-helpers.ts`): each throws a
// TypeError naming the argument and what to pass, like `requireValue`, for the shapes
// `OptionKind` does not hold. Never the value: it may be a secret.
import { requireValue } from './check-option.js';

/**
 * `value` when it is an array, of strings when `strings`.
 *
 * @throws TypeError naming `name` (default `value`) otherwise.
 */
export function requireArray(value: unknown, name = 'value', strings = true): readonly string[] {
  if (!Array.isArray(value) || (strings && !value.every((item) => typeof item === 'string'))) {
    throw new TypeError(`${name} must be an array of strings`);
  }
  return value;
}

/**
 * `value` when it is a fetch `Response` (a numeric `status` and `headers.get`).
 *
 * @throws TypeError naming `name` (default `response`) otherwise.
 */
export function requireResponse(value: unknown, name = 'response'): Response {
  const response = value as Partial<Response> | null | undefined;
  if (typeof response?.status !== 'number' || typeof response.headers?.get !== 'function') {
    throw new TypeError(`${name} must be the fetch Response`);
  }
  return response as Response;
}

/**
 * `value` when it is a WHATWG `URL` (`new URL(...)`), not a string.
 *
 * @throws TypeError naming `name` (default `url`) otherwise.
 */
export function requireUrl(value: unknown, name = 'url'): URL {
  if (!(value instanceof URL)) throw new TypeError(`${name} must be a URL (new URL(...))`);
  return value;
}

/** `value` when it is a fetch `Headers`; else a TypeError naming `name`. */
export function requireHeaders(value: unknown, name: string): Headers {
  if (typeof (value as Partial<Headers> | null | undefined)?.get !== 'function') {
    throw new TypeError(`${name} must be a Headers (response.headers)`);
  }
  return value as Headers;
}

/** `value` when it is a non-empty string; else a TypeError naming `name` and `what` it holds. */
export function requireText(value: unknown, name: string, what: string): string {
  if (typeof value !== 'string' || value === '') {
    throw new TypeError(`${name} must be a non-empty string (${what})`);
  }
  return value;
}

// A function's TypeError as its rejection, for the helpers that answer with a promise.
export function rejecting<A extends unknown[], R>(
  check: (...args: A) => void,
  run: (...args: A) => Promise<R>,
): (...args: A) => Promise<R> {
  return (...args) => {
    try {
      check(...args);
    } catch (error) {
      return Promise.reject(error);
    }
    return run(...args);
  };
}

/**
 * A copy of `value`'s own enumerable fields on a null prototype, for a helper that reads an
 * options object: read once, so a getter or Proxy trap that throws is a TypeError naming `name`,
 * never the trap's own error, and no field comes from a polluted `Object.prototype`.
 *
 * @throws TypeError naming `name` when `value` is not an object or cannot be read.
 */
export function requireObject<T>(value: T, name: string): T {
  requireValue(value, name, 'object');
  try {
    return Object.assign(Object.create(null), value);
  } catch {
    throw new TypeError(
      `${name} could not be read (a getter or Proxy trap threw): pass a plain object`,
    );
  }
}
