import { REDACTED, withoutPersonalText } from '@dual-auth/core';

/**
 * `route` (a URL path as core's `routeForLogging` keeps it) with each segment that names one of
 * `people` (as core's `withoutPersonalText` finds them: any case, also surname first,
 * percent-encoded or not) written `marker` whole. The one rule by which the client blanks the
 * human in a logged path; each caller keeps its documented marker (`:redacted` in the call's own
 * route, `***REDACTED***` in a redirect's).
 */
export function withoutPeopleSegments(
  route: string,
  people: readonly string[],
  marker: string,
): string {
  if (people.length === 0) return route;
  return route
    .split('/')
    .map((segment) => (segment !== '' && namesPerson(segment, people) ? marker : segment))
    .join('/');
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
