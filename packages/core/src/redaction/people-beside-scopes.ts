/**
 * `people` (the act's string values: a human's id, email, name, a role) without each one that is
 * also one of the `requested` scope names, compared case-insensitively: a role claim `admin`
 * asked for as scope `admin` names no one, and blanking it would hide which scope an IdP's text
 * or a log line names. The one rule for `peopleOf` and the scope names logs show. A `requested`
 * entry that is not a string is read as `String()` gives it.
 *
 * @example
 * peopleBesideScopes(['u-1', 'Admin'], ['admin', 'finance.read']); // ['u-1']
 */
export function peopleBesideScopes(
  people: readonly string[],
  requested: readonly unknown[],
): string[] {
  const asked = new Set(requested.map((name) => String(name).toLowerCase()));
  return people.filter((person) => !asked.has(person.toLowerCase()));
}
