import { type DualSubjectToken, REDACTED, routeForLogging } from '@dual-auth/core';
import type { ApiCallIdentity } from './api-call-identity.js';
import { peopleInCredentials } from './people-in-credentials.js';
import { withoutPeopleSegments } from './without-people-segments.js';

/** Longest route of a redirect's Location written to a log line, a hook or an error. */
const MAX_ROUTE_CHARS = 512;

/**
 * The route of a URL a redirect's Location gave (the API's choice, not the caller's) as logs,
 * hooks and errors show it: core's `urlRouteForLogging` (origin and path, ids and emails trimmed
 * by shape), each segment of its path that names a human the call knows (`identity.humanId`, the
 * `act` and human claims of the token's JWTs: a login echoed as `/users/aliddell`) as
 * `***REDACTED***` ({@link withoutPeopleSegments}), cut to 512 characters.
 */
export function redirectRoute(
  url: URL,
  token: DualSubjectToken,
  identity: ApiCallIdentity,
): string {
  const people = peopleInCredentials(
    [token.accessToken, token.actAssertion].filter((c): c is string => typeof c === 'string'),
  );
  if (identity.humanId !== undefined) people.push(identity.humanId);
  // The path only: a person matched in a host name would blank the origin the line is about.
  // No more segments than characters shown: the rest would be cut, and each one is read.
  const route = routeForLogging(url.pathname)
    .split('/', MAX_ROUTE_CHARS + 1)
    .join('/');
  const kept = url.origin + withoutPeopleSegments(route, people, REDACTED);
  return kept.length > MAX_ROUTE_CHARS ? `${kept.slice(0, MAX_ROUTE_CHARS - 1)}…` : kept;
}
