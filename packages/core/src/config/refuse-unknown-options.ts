import { closestName } from './closest-name.js';
import { refuseInheritedOptions } from './refuse-inherited-options.js';

const NOT_RENAMED: Readonly<Record<string, string>> = /* @__PURE__ */ Object.freeze({});

/**
 * Every option name of an options type `T`, each mapped to `true`: the one list of known names
 * {@link refuseUnknownOptions} checks against. Declare it with `satisfies KnownOptions<T>` so that
 * the compiler fails when an option is added to `T` without it, or listed without being in `T`:
 *
 * ```ts
 * const KNOWN = { adapter: true, cutoffStore: true } as const satisfies KnownOptions<MyOptions>;
 * ```
 */
export type KnownOptions<T> = { readonly [K in keyof Required<T>]: true };

/**
 * Refuses every own key of `options` that is not one of `known`, so that a misspelled option
 * (`cutofStore`), or a newer option handed to an older package, is never silently ignored: a
 * dropped security option would weaken a check or send a token elsewhere. A key counts even when
 * its value is `undefined`.
 *
 * @param options - The caller's options object; anything but a non-null object is left to the
 *   caller's type checks.
 * @param known - The option names of the options type, from one {@link KnownOptions} object.
 * @param where - The class or function taking the options, as it is called
 *   (`'new OutOfSessionTokenRequest'`, `'createDualAuthGuard'`), named in the message.
 * @param renamed - Option names of earlier releases, each mapped to the hint naming what replaced
 *   it (`{ timeout: 'pass timeoutMs in milliseconds' }`); these keep their specific hint.
 * @throws TypeError `known must be an object` when it is not (nor null); naming the first unknown key and
 *   `where`, with "did you mean …?" when a known name is at most two letters away (three for a key of 8 letters or more), or the renamed
 *   option's hint; then, as {@link refuseInheritedOptions}, naming a known option that `options`
 *   inherits from a prototype of its own (options are read as own properties only).
 */
export function refuseUnknownOptions(
  options: unknown,
  known: Readonly<Record<string, true>>,
  where: string,
  renamed: Readonly<Record<string, string>> = NOT_RENAMED,
): void {
  // Checked first: `Object.hasOwn(undefined, key)` would throw the engine's TypeError below.
  if (typeof known !== 'object' || known === null) throw new TypeError('known must be an object');
  if (typeof options !== 'object' || options === null) return;
  // for…in over own keys rather than Object.keys: no array per call (every callApi checks its
  // options here); inherited keys are refuseInheritedOptions' to judge.
  for (const key in options) {
    if (!Object.hasOwn(options, key) || Object.hasOwn(known, key)) continue;
    if (Object.hasOwn(renamed, key)) {
      throw new TypeError(`${where}: ${key} is not an option: ${renamed[key]}`);
    }
    const names = Object.keys(known);
    // A long name may be three letters off and still plainly meant (maxEntry for maxEntries).
    const near = closestName(key, names, key.length >= 8 ? 3 : 2);
    const hint =
      near === undefined ? `the options are ${names.join(', ')}` : `did you mean ${near}?`;
    throw new TypeError(
      `${where}: ${key} is not an option (${hint}); pass only the options it takes, and install every @dual-auth package from one release line`,
    );
  }
  refuseInheritedOptions(options, known, where);
}
