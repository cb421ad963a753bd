// Scheme and authority (if any), then the path: everything up to the query or fragment.
const PATH_AS_WRITTEN = /^(?:[^/?#]*\/\/[^/?#]*)?([^?#]*)/;

/**
 * The path of a fetch `Request`'s `url` (RFC 3986 §3.3), as `new URL(url).pathname` gives it,
 * for routing and logging. A Node adapter (`@hono/node-server`) builds `url` from the client's
 * `Host` unchecked, so it may be one the URL parser refuses (`Host: 999.1.1.1`, a host to RFC 3986
 * §3.2.2, no IPv4 address to the URL parser) and `new URL(request.url)` throws on it: that
 * url's path is read as written, after the authority and before `?` or `#` (`/` when empty). Never
 * throws.
 *
 * @example requestPath('http://999.1.1.1/.well-known/oauth-protected-resource/mcp?x=1') // '/.well-known/oauth-protected-resource/mcp'
 */
export function requestPath(url: string): string {
  return URL.canParse(url) ? new URL(url).pathname : PATH_AS_WRITTEN.exec(url)?.[1] || '/';
}
