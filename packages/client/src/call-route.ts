import { routeForLogging } from '@dual-auth/core';
import type { ApiCallIdentity } from './api-call-identity.js';
import { writtenForms } from './people-in-credentials.js';
import type { PreparedCall } from './prepare-call.js';
import { withoutPeopleSegments } from './without-people-segments.js';

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
    route = withoutPeopleSegments(
      routeForLogging(call.url.pathname),
      humanForms(call.identity),
      ':redacted',
    );
    routes.set(call, route);
  }
  return route;
}

/** {@link callRouteForLogging} after the call URL's origin (no query, no fragment). */
export function callUrlForLogging(call: PreparedCall): string {
  return call.url.origin + callRouteForLogging(call);
}

// The written forms of each identity's human, kept while the identity lives and names the same
// human: the calls of one `ApiCall` (one identity) hand the same array on, whose patterns core
// keeps, instead of compiling them per call.
const formsOf = new WeakMap<
  ApiCallIdentity,
  { readonly humanId: string; readonly forms: string[] }
>();

function humanForms(identity: ApiCallIdentity): readonly string[] {
  const { humanId } = identity;
  if (typeof humanId !== 'string' || humanId.trim() === '') return [];
  const kept = formsOf.get(identity);
  if (kept?.humanId === humanId) return kept.forms;
  const forms = writtenForms([humanId]);
  formsOf.set(identity, { humanId, forms });
  return forms;
}
