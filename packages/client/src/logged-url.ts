import { routeForLogging } from '@dual-auth/core';

/**
 * The loggable form of an already parsed API URL: its origin and its path as core's
 * `routeForLogging` trims it (the one rule the API's side audits a raw path by): no credentials,
 * query, fragment or path parameters, and a segment that may name a person or hold a secret (an
 * email, an id, a key) as `:redacted`.
 *
 * @example loggedUrl(new URL('https://api.example/users/jane@corp.example/balance?x=1')) // 'https://api.example/users/:redacted/balance'
 */
export function loggedUrl(url: URL): string {
  return `${url.origin}${routeForLogging(url.pathname)}`;
}
