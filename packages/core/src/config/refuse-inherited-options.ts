/**
 * Refuses an option that `options` inherits from a prototype of its own (a class instance's
 * getter, `Object.create(defaults)`): options are read as own properties only, so it would be
 * dropped without a word (an `onDecision` audit sink, a `logger`, a `clockToleranceSeconds`).
 * One inherited from `Object.prototype` itself (a prototype-pollution bug) is ignored, not
 * refused: reading own properties is there to ignore it.
 *
 * {@link @dual-auth/core!refuseUnknownOptions} calls it, so every public factory that refuses unknown options
 * refuses these too; a factory that reads {@link @dual-auth/core!ownOptions} without a list of known names calls
 * it itself.
 *
 * @param options - The caller's options object; anything but a non-null object is left alone.
 * @param known - The option names to look for, from one {@link @dual-auth/core!KnownOptions} object.
 * @param where - The class or function taking the options, named in the message.
 * @throws TypeError naming the option and how to pass it.
 * @example
 * refuseInheritedOptions(given, { env: true, logger: true }, 'getConfig');
 * const options = ownOptions(given);
 */
export function refuseInheritedOptions(
  options: unknown,
  known: Readonly<Record<string, true>>,
  where: string,
): void {
  if (typeof options !== 'object' || options === null) return;
  // A plain object (an options literal, every callApi's arguments) or a null-prototype one has no
  // prototype of its own: nothing to look up per known name.
  const first: object | null = Object.getPrototypeOf(options);
  if (first === Object.prototype || first === null) return;
  // for…in rather than Object.keys: no array per call; `known` is a plain literal of own keys.
  for (const key in known) {
    if (!Object.hasOwn(known, key) || Object.hasOwn(options, key)) continue;
    // The prototype that gives it, not whether Object.prototype has it too: a polluted one must
    // not hide a getter of the caller's class.
    let from: object | null = first;
    while (from !== null && !Object.hasOwn(from, key)) from = Object.getPrototypeOf(from);
    if (from !== null && from !== Object.prototype) {
      throw new TypeError(
        `${where}: ${key} is inherited, not an own property, so it would be ignored; copy it in ({ ...defaults, ${key} })`,
      );
    }
  }
}
