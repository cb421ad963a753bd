/**
 * Refuses option names of earlier releases, naming the one that replaced each, so that a setting
 * is never silently ignored.
 *
 * @throws TypeError when `options` has one of `renamed`'s keys.
 */
export function refuseRenamedOptions(
  options: object,
  renamed: Readonly<Record<string, string>>,
): void {
  for (const [old, hint] of Object.entries(renamed)) {
    if (old in options) throw new TypeError(`${old} is not an option: ${hint}`);
  }
}
