import type { Act } from '@dual-auth/core';

// Entra ID's object id as it writes one: a GUID in RFC 9562 §4's text form, lower case.
const ENTRA_OBJECT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Why {@link EntraIdAdapter} will not sign `act`: an `oid` that is not the human's object id as
 * Entra ID writes it, a lower-case hyphenated GUID (Microsoft identity platform "Access token
 * claims reference", `oid`; RFC 9562 §4 text form). `@dual-auth/resource` refuses any other
 * spelling in an act assertion (`invalid_act`, `act.oid`), since a cut-off `endDelegation`
 * recorded under Entra's spelling would be missed; so the agent refuses it first, never
 * rewriting it (the reference signs the `oid` as given, and the fix is the caller's: pass the
 * `oid` claim of the human's token as it is). `undefined` for an act without `oid`, or with one
 * in Entra's form. The message never quotes the value.
 */
export function entraIdActOidProblem(act: Act): string | undefined {
  if (act.oid === undefined || ENTRA_OBJECT_ID.test(act.oid)) return undefined;
  return "Act claim 'oid' field must be the user's object id as Entra ID writes it: a GUID in lower case with hyphens (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx), without braces or urn:uuid:; pass the oid claim of the human's token as it is";
}
