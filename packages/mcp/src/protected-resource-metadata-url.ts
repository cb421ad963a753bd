// Where an MCP server's RFC 9728 metadata lives, for the server that serves it and the client
// (dualAuthFetch) that reads it: one module, so both agree by construction. Pure URL work, no
// server code: the client entry imports it.

/** RFC 9728 §3.1: the well-known URI suffix of protected-resource metadata. */
const WELL_KNOWN = '/.well-known/oauth-protected-resource';

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
 * A resource URL's path as the MCP SDK's clients put it in its metadata URL: a trailing slash
 * dropped (`/mcp/` → `/mcp`), the root as `''`.
 */
export function resourcePathOf(url: URL): string {
  return url.pathname.endsWith('/') ? url.pathname.slice(0, -1) : url.pathname;
}

/**
 * The well-known URL of the metadata of the resource at `path` on `url`'s origin (RFC 9728 §3.1:
 * the well-known path inserted between the origin and the resource's path; `path` `''` gives the
 * root well-known URL, the origin's), with `search`.
 *
 * @example
 * wellKnownMetadataUrl(new URL('https://h/mcp'), '/mcp');
 * // 'https://h/.well-known/oauth-protected-resource/mcp'
 */
export function wellKnownMetadataUrl(url: URL, path: string, search = ''): string {
  return onOriginOf(url, `${WELL_KNOWN}${path}`, search);
}

/**
 * The path-aware well-known URL the MCP SDK's clients (and `dualAuthFetch`) read
 * `resourceServerUrl`'s metadata at first (RFC 9728 §3.1): its path's trailing slash dropped, its
 * query kept (`https://h/mcp/?t=1` → `https://h/.well-known/oauth-protected-resource/mcp?t=1`).
 */
export function pathAwareMetadataUrl(resourceServerUrl: URL): string {
  const path = resourcePathOf(resourceServerUrl);
  return wellKnownMetadataUrl(resourceServerUrl, path, resourceServerUrl.search);
}

/**
 * The well-known URL of `resourceServerUrl`'s metadata that the server names in its 401
 * (`resource_metadata`, RFC 9728 §5.1): the well-known path and the server URL's path as written
 * (a trailing slash kept), no query. The MCP SDK's own `getOAuthProtectedResourceMetadataUrl`
 * lives in a module that loads Express and reads `process.env` at import, which an edge runtime
 * cannot.
 */
export function protectedResourceMetadataUrl(resourceServerUrl: URL): string {
  const { pathname } = resourceServerUrl;
  return wellKnownMetadataUrl(resourceServerUrl, pathname === '/' ? '' : pathname);
}

/**
 * The paths the metadata of `resourceServerUrl` is served at: that of its
 * {@link protectedResourceMetadataUrl}, and, for a URL whose path ends in `/` (`https://h/mcp/`),
 * that of its {@link pathAwareMetadataUrl} too (the slash dropped), where clients look it up.
 */
export function protectedResourceMetadataPaths(resourceServerUrl: URL): string[] {
  const urls = [protectedResourceMetadataUrl, pathAwareMetadataUrl].map(
    (of) => new URL(of(resourceServerUrl)).pathname,
  );
  return [...new Set(urls)];
}
