import { REDACTED, routeForLogging, withoutPersonalText } from '@dual-auth/core';
import { writtenForms } from './people-in-credentials.js';
import type { PreparedCall } from './prepare-call.js';

// One route per call: its lines, its audit record and each attempt's span write the same URL.
const routes = new WeakMap<PreparedCall, string>();

/**
 * The call's URL path as core's `routeForLogging` keeps it, and each segment of it that names the
 * human the call is made for (its `humanId`, any case, percent-encoded or not) blanked
 * `:redacted` as the route blanks ids: a login-like id (`/users/aliddell/events`) is a word by its
 * shape, which the route keeps. Worked out once per call.
 */
export function callRouteForLogging(call: PreparedCall): string {
  let route = routes.get(call);
  if (route === undefined) {
    route = withoutHumanSegments(routeForLogging(call.url.pathname), call);
    routes.set(call, route);
  }
  return route;
}

/** {@link callRouteForLogging} after the call URL's origin (no query, no fragment). */
export function callUrlForLogging(call: PreparedCall): string {
  return call.url.origin + callRouteForLogging(call);
}

function withoutHumanSegments(route: string, call: PreparedCall): string {
  const { humanId } = call.identity;
  if (typeof humanId !== 'string' || humanId.trim() === '') return route;
  const people = writtenForms([humanId]);
  return route
    .split('/')
    .map((segment) => (segment !== '' && namesPerson(segment, people) ? ':redacted' : segment))
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
