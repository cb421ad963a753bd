import { requireValue } from '@dual-auth/core';
import type { OAuthProtectedResourceMetadata } from '@modelcontextprotocol/sdk/shared/auth.js';

/** Options of the protected-resource metadata (`protectedResourceMetadataRouter`, `…Handler`). */
export interface ProtectedResourceMetadataOptions {
  /** This MCP server's URL: the metadata's `resource`, and the tokens' audience. */
  resourceServerUrl: URL;
  /** The IdP's issuer (`authorization_servers`), where clients get their dual-subject tokens. */
  issuer: string;
  scopesSupported?: readonly string[];
  resourceName?: string;
}

/**
 * The well-known URL of `resourceServerUrl`'s metadata (RFC 9728 §3.1: the path is appended to
 * `/.well-known/oauth-protected-resource`), as the MCP SDK's clients look it up. The SDK's own
 * `getOAuthProtectedResourceMetadataUrl` lives in a module that loads Express and reads
 * `process.env` at import, which an edge runtime cannot.
 */
export function protectedResourceMetadataUrl(resourceServerUrl: URL): string {
  const path = resourceServerUrl.pathname === '/' ? '' : resourceServerUrl.pathname;
  return new URL(`/.well-known/oauth-protected-resource${path}`, resourceServerUrl).href;
}

/**
 * The paths the metadata of `resourceServerUrl` is served at: its {@link protectedResourceMetadataUrl},
 * and for a URL whose path ends in `/` (`https://h/mcp/`) that path without the slash too, where
 * the MCP SDK's clients (and `dualAuthFetch`) look it up: they drop a trailing slash.
 */
export function protectedResourceMetadataPaths(resourceServerUrl: URL): string[] {
  const path = new URL(protectedResourceMetadataUrl(resourceServerUrl)).pathname;
  return path.endsWith('/') ? [path, path.slice(0, -1)] : [path];
}

/**
 * The RFC 9728 §2 document: Bearer tokens in the `Authorization` header only.
 *
 * @throws TypeError when `resourceServerUrl` is not a URL or `issuer` not a string.
 */
export function protectedResourceMetadata(
  options: ProtectedResourceMetadataOptions,
): OAuthProtectedResourceMetadata {
  requireValue(options, 'options', 'object');
  if (!(options.resourceServerUrl instanceof URL)) {
    throw new TypeError('options.resourceServerUrl must be a URL (this MCP server)');
  }
  requireValue(options.issuer, 'options.issuer', 'string');
  return {
    resource: options.resourceServerUrl.href,
    authorization_servers: [options.issuer],
    bearer_methods_supported: ['header'],
    ...(options.scopesSupported === undefined
      ? {}
      : { scopes_supported: [...options.scopesSupported] }),
    ...(options.resourceName === undefined ? {} : { resource_name: options.resourceName }),
  };
}
