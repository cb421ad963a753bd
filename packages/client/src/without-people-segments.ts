import { REDACTED, withoutPersonalText } from '@dual-auth/core';

/**
 * `route` (a URL path as core's `routeForLogging` keeps it) with each segment that names one of
 * `people` (as core's `withoutPersonalText` finds them: any case, also surname first,
 * percent-encoded or not; a name of several words also as a slug, `alice-liddell` or
 * `liddell_alice`) written `marker` whole. The one rule by which the client blanks the human in a
 * logged path; each caller keeps its documented marker (`:redacted` in the call's own route,
 * `***REDACTED***` in a redirect's).
 */
export function withoutPeopleSegments(
  route: string,
  people: readonly string[],
  marker: string,
): string {
  if (people.length === 0) return route;
  // One array for every segment: core keeps the patterns it made for it.
  const named = withSlugForms(people);
  return route
    .split('/')
    .map((segment) => (segment !== '' && namesPerson(segment, named) ? marker : segment))
    .join('/');
}

// A path writes a name of several words as a slug (`alice-liddell`, `liddell_alice`), where core
// finds a name's words apart by spaces only: each such name also in those forms, either order.
const SLUG_SEPARATORS = ['-', '_', '.', '+'];

// Each people array's forms, kept while the array lives: core keeps the patterns it made per array,
// so a caller that hands the same array again (`callRouteForLogging`, per identity) compiles none.
const slugFormsOf = new WeakMap<readonly string[], string[]>();

function withSlugForms(people: readonly string[]): string[] {
  let kept = slugFormsOf.get(people);
  if (kept === undefined) {
    kept = slugForms(people);
    slugFormsOf.set(people, kept);
  }
  return kept;
}

function slugForms(people: readonly string[]): string[] {
  const forms = new Set(people);
  for (const person of people) {
    const words = person.trim().split(/\s+/);
    if (words.length < 2) continue;
    for (const separator of SLUG_SEPARATORS) {
      forms.add(words.join(separator));
      forms.add([...words].reverse().join(separator));
    }
  }
  return [...forms];
}

function namesPerson(segment: string, people: readonly string[]): boolean {
  let decoded = segment;
  try {
    decoded = decodeURIComponent(segment);
  } catch {
    // Not percent-encoding: read as written.
  }
  return withoutPersonalText(decoded, people).includes(REDACTED);
}
