import { REDACTED, routeForLogging, withoutPersonalText } from '@dual-auth/core';
import { writtenForms } from './people-in-credentials.js';
import type { PreparedCall } from './prepare-call.js';

/**
 * A URL's path as core's `routeForLogging` keeps it, and each segment of it that names the human
 * the call is made for (its `humanId`, any case, percent-encoded or not) blanked `:redacted` as
 * the route blanks ids: a login-like id (`/users/aliddell/events`) is a word by its shape, which
 * the route keeps.
 */
export function callRouteForLogging(path: string, call: PreparedCall): string {
  const route = routeForLogging(path);
  const { humanId } = call.identity;
  if (typeof humanId !== 'string' || humanId.trim() === '') return route;
  const people = writtenForms([humanId]);
  return route
    .split('/')
    .map((segment) => (segment !== '' && namesPerson(segment, people) ? ':redacted' : segment))
    .join('/');
}

/** {@link callRouteForLogging} of a URL, after its origin (no query, no fragment). */
export function callUrlForLogging(url: URL, call: PreparedCall): string {
  return url.origin + callRouteForLogging(url.pathname, call);
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
