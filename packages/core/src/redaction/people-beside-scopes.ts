/**
 * `people` (the act's string values: a human's id, email, name, a role) without each one that is
 * also one of the `requested` scope names, compared case-insensitively: a role claim `admin`
 * asked for as scope `admin` names no one, and blanking it would hide which scope an IdP's text
 * or a log line names. The one rule for `peopleOf` and the scope names logs show. A `requested`
 * entry that is not a string is read as `String()` gives it. The returned array keeps the scope
 * names beside it, for `withoutPersonalText`: a word of a name it blanks alone is not one of
 * them (a copy of the array loses them).
 *
 * @example
 * peopleBesideScopes(['u-1', 'Admin'], ['admin', 'finance.read']); // ['u-1']
 */
export function peopleBesideScopes(
  people: readonly string[],
  requested: readonly unknown[],
): string[] {
  const asked = new Set(requested.map((name) => String(name).toLowerCase()));
  const kept = people.filter((person) => !asked.has(person.toLowerCase()));
  scopesBeside.set(kept, asked);
  return kept;
}

// The requested scope names (lower-cased) of each array `peopleBesideScopes` returned: a word of
// a name of several words, which `withoutPersonalText` blanks alone, is not blanked when it is one
// of them (`Admin` of `Mark Admin` with scope `Admin`), as a whole value is not.
const scopesBeside = new WeakMap<readonly string[], ReadonlySet<string>>();

/** The scope names `people` was kept beside by {@link peopleBesideScopes}, lower-cased; if any. */
export function scopeNamesBeside(people: readonly string[]): ReadonlySet<string> | undefined {
  return scopesBeside.get(people);
}
