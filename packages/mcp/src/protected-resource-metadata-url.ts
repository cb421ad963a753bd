// Where an MCP server's RFC 9728 metadata lives, for the server that serves it and the client
// (dualAuthFetch) that reads it: one module, so both agree by construction. Pure URL work, no
// server code: the client entry imports it.

/**
 * The well-known path of the metadata of the resource at `path` (RFC 9728 §3.1: the well-known
 * URI suffix inserted between the origin and the resource's path; `path` `''` gives the root
 * one, the origin's).
 *
 * @example wellKnownPath('/mcp') // '/.well-known/oauth-protected-resource/mcp'
 */
export const wellKnownPath = (path: string): string =>
  `/.well-known/oauth-protected-resource${path}`;

/**
 * A resource URL's path as the MCP SDK's clients (and `dualAuthFetch`) put it in its path-aware
 * metadata URL: a trailing slash dropped (`/mcp/` → `/mcp`), the root as `''`.
 */
export const resourcePathOf = (url: URL): string =>
  url.pathname.endsWith('/') ? url.pathname.slice(0, -1) : url.pathname;

/**
 * `url`'s origin with `pathname` and `search` set, as an `href`. Built by setting the path of a
 * copy of the origin: a path taken from a URL is never parsed as a URL itself (`//host/x` would
 * be read as another host), and the URL's credentials and fragment are dropped.
 *
 * @example onOriginOf(new URL('https://u:p@h/mcp?t=1#f'), '/x', '?t=1') // 'https://h/x?t=1'
 */
export function onOriginOf(url: URL, pathname: string, search = ''): string {
  const at = new URL(url.origin);
  at.pathname = pathname;
  at.search = search;
  return at.href;
}

/**
 * The well-known URL of `resourceServerUrl`'s metadata that the server names in its 401
 * (`resource_metadata`, RFC 9728 §5.1): the well-known path and the server URL's path as written
 * (a trailing slash kept), no query. The MCP SDK's own `getOAuthProtectedResourceMetadataUrl`
 * lives in a module that loads Express and reads `process.env` at import, which an edge runtime
 * cannot.
 */
export function protectedResourceMetadataUrl(resourceServerUrl: URL): string {
  return onOriginOf(resourceServerUrl, namedPath(resourceServerUrl));
}

/**
 * The paths the metadata of `resourceServerUrl` is served at: that of its
 * {@link protectedResourceMetadataUrl}, and, for a URL whose path ends in `/` (`https://h/mcp/`),
 * the path-aware one without the slash too, where the MCP SDK's clients and `dualAuthFetch` read
 * it ({@link resourcePathOf}).
 */
export function protectedResourceMetadataPaths(resourceServerUrl: URL): string[] {
  const named = namedPath(resourceServerUrl);
  const read = wellKnownPath(resourcePathOf(resourceServerUrl));
  return named === read ? [named] : [named, read];
}

// The path of a URL's pathname set on another URL is that pathname: onOriginOf keeps it as is.
const namedPath = ({ pathname }: URL): string => wellKnownPath(pathname === '/' ? '' : pathname);
