import type { Act } from '../contracts/act.js';
import { peopleBesideScopes } from '../redaction/people-beside-scopes.js';

/**
 * The act's own string claims (`sub`, `email`, `name`, a login): who an IdP's text may echo, to
 * pass as `people` to `requestTokenEndpoint` (and so to `withoutPersonalText`) for every token
 * request made for the human. But not one that is also a requested scope name, compared
 * case-insensitively (a role claim `admin`, scope `admin`): the IdP's text names the scope it
 * refused, and blanking it would hide which (core's one rule for this, which the scope names in
 * logs follow too). Anything but an object `act` holds no one.
 *
 * @example
 * peopleOf({ act: { sub: 'u-1', name: 'Alice Liddell', role: 'admin' }, scope: ['admin'] });
 * // ['u-1', 'Alice Liddell']
 */
export function peopleOf(request: {
  readonly act: Act;
  readonly scope: readonly string[];
}): string[] {
  const { act, scope } = request;
  if (typeof act !== 'object' || act === null) return [];
  const strings = Object.values(act).filter((value): value is string => typeof value === 'string');
  return peopleBesideScopes(strings, Array.isArray(scope) ? scope : []);
}
