import { routeForLogging } from './route-for-logging.js';

/**
 * A parsed URL for logs, telemetry and error messages: its origin and its path as
 * {@link routeForLogging} trims it. Unlike {@link urlForLogging}, which keeps every path segment,
 * a segment that may name a person or hold a secret (an email, an id, a key, a hosted server's
 * per-user path key) shows as `:redacted`; credentials, query, fragment and path parameters
 * (`;jsessionid=…`) are dropped. A URL without an origin (`api://…`, `url.origin` is `'null'`)
 * gives `null` followed by its trimmed path: callers with such names show them their own way.
 *
 * @example
 * urlRouteForLogging(new URL('https://u:pw@api.example/users/jane@corp.example/balance?x=1#f'));
 * // 'https://api.example/users/:redacted/balance'
 */
export function urlRouteForLogging(url: URL): string {
  return `${url.origin}${routeForLogging(url.pathname)}`;
}
