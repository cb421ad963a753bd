import type { Act } from '@dual-auth/core';
import { jwtPayloadOf, peopleBesideScopes, peopleOf } from '@dual-auth/core/adapter-kit';

// The claims that name the human in a token of the RFC 8693 layout (the human's own token: OIDC
// Core §5.1 standard claims, Entra's `upn`/`unique_name`, Okta's `uid`); in the legacy layout the
// human is in `act`, and `sub` is the agent, which an API's text may name without harm.
const PERSON_CLAIMS = [
  'sub',
  'oid',
  'uid',
  'email',
  'name',
  'given_name',
  'family_name',
  'middle_name',
  'nickname',
  'preferred_username',
  'upn',
  'unique_name',
] as const;

/** The scope names a token payload grants (`scope` or `scp`, RFC 8693 §4.2, Entra). */
function scopesOf(payload: Record<string, unknown>): string[] {
  const { scope, scp } = payload;
  const granted = typeof scope === 'string' ? scope : scp;
  if (typeof granted === 'string') return granted.split(' ');
  return Array.isArray(granted) ? granted.filter((s): s is string => typeof s === 'string') : [];
}

/**
 * Who the credentials sent name, for scrubbing an API's words: the string claims of `act` and
 * the human's own claims (`sub`, `email`, `name`, given and family names, `preferred_username`,
 * `upn`, …) of each credential that is a compact JWT (the access token, Entra's act assertion),
 * read without verifying (they were ours to send), less the scope names the token grants (as
 * core's `peopleOf`); an opaque credential names no one.
 */
export function peopleInCredentials(credentials: readonly string[]): string[] {
  const people: string[] = [];
  for (const credential of credentials) {
    const payload = jwtPayloadOf(credential);
    if (payload === undefined) continue;
    const scope = scopesOf(payload);
    const own = Object.fromEntries(PERSON_CLAIMS.map((claim) => [claim, payload[claim]]));
    people.push(...peopleOf({ act: own as Act, scope }));
    if (typeof payload.act === 'object' && payload.act !== null) {
      people.push(...peopleOf({ act: payload.act as Act, scope }));
    }
  }
  return people;
}

/**
 * `people` (in the forms of {@link writtenForms}, or any list) kept beside the scope names the
 * credentials that are compact JWTs grant, by core's `peopleBesideScopes`: a value that is one of
 * them is dropped, as `peopleOf` drops it, and a word of a name that is one of them (`Admin` of
 * `Mark Admin` with scope `Admin`) is not blanked alone by `withoutPersonalText`, which needs the
 * array this returns (a copy of it loses the scope names).
 */
export function besideGrantedScopes(
  people: readonly string[],
  credentials: readonly string[],
): string[] {
  const scopes: string[] = [];
  for (const credential of credentials) {
    const payload = jwtPayloadOf(credential);
    if (payload !== undefined) scopes.push(...scopesOf(payload));
  }
  return peopleBesideScopes(people, scopes);
}

/**
 * `people` as an API's header may carry them beside what core's `withoutPersonalText` already
 * finds (any case, surname first, percent-encoded, JSON-escaped): each as it is, its UTF-8 read as
 * Latin-1 (a header's bytes as `Headers` gives them), and without its non-ASCII characters (as a
 * description is shown: printable ASCII only).
 */
export function writtenForms(people: readonly string[]): string[] {
  const forms = new Set<string>();
  for (const person of people) {
    forms.add(person);
    forms.add(Array.from(new TextEncoder().encode(person), (b) => String.fromCharCode(b)).join(''));
    forms.add(person.replace(/[^\x20-\x7e]/g, ''));
  }
  return [...forms];
}
