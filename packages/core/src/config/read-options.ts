import { ownOptions } from './check-option.js';
import { refuseUnknownOptions } from './refuse-unknown-options.js';

/**
 * A public factory's options read as it must read them: {@link refuseUnknownOptions} refuses a
 * key that is not one of `known` (and a known option inherited from a prototype of the caller's),
 * then {@link ownOptions} returns the copy of the own properties on a `null` prototype that the
 * factory reads, so that no value a prototype-pollution bug set on `Object.prototype` sets an
 * option. Anything but a non-null object is returned as it is, for the caller's own type check
 * (`checkValue(given, 'options', 'object')`, before or after).
 *
 * @param options - The caller's options object.
 * @param known - The option names of the options type, from one `KnownOptions` object.
 * @param where - The class or function taking the options, as it is called
 *   (`'new HybridSender'`), named in the message.
 * @param renamed - Option names of earlier releases, each mapped to the hint naming what
 *   replaced it.
 * @returns The null-prototype copy of `options`' own enumerable properties, or `options` itself
 *   when it is not an object.
 * @throws TypeError as {@link refuseUnknownOptions}.
 * @example
 * checkValue(given, 'options', 'object');
 * const options = readOptions(given, KNOWN, 'new HybridSender');
 * const send = options.fetch ?? globalThis.fetch; // never an inherited fetch
 */
export function readOptions<T>(
  options: T,
  known: Readonly<Record<string, true>>,
  where: string,
  renamed?: Readonly<Record<string, string>>,
): T {
  refuseUnknownOptions(options, known, where, renamed);
  return ownOptions(options);
}
