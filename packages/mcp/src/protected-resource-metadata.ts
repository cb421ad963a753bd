import { type KnownOptions, readOptions, requireValue } from '@dual-auth/core';
import type { OAuthProtectedResourceMetadata } from '@modelcontextprotocol/sdk/shared/auth.js';
import { requireServerUrl } from './require-server-url.js';

/** Options of the protected-resource metadata (`protectedResourceMetadataRouter`, `…Handler`). */
export interface ProtectedResourceMetadataOptions {
  /** This MCP server's URL: the metadata's `resource`, and the tokens' audience. */
  resourceServerUrl: URL;
  /** The IdP's issuer (`authorization_servers`), where clients get their dual-subject tokens. */
  issuer: string;
  scopesSupported?: readonly string[];
  resourceName?: string;
}

const OPTIONS = {
  resourceServerUrl: true,
  issuer: true,
  scopesSupported: true,
  resourceName: true,
} as const satisfies KnownOptions<ProtectedResourceMetadataOptions>;

/**
 * The RFC 9728 §2 document: Bearer tokens in the `Authorization` header only.
 *
 * @param where - The function taking the options (`protectedResourceMetadataHandler`), named in
 * errors.
 * @throws TypeError when `resourceServerUrl` is not a URL, `issuer` not a string, or a key is not
 * an option.
 * @throws ConfigurationError when `resourceServerUrl` is not HTTPS (`http:` only on
 * loopback), has a fragment or holds credentials (RFC 9728 §2).
 */
export function protectedResourceMetadata(
  given: ProtectedResourceMetadataOptions,
  where: string,
): OAuthProtectedResourceMetadata {
  requireValue(given, 'options', 'object');
  // Own properties only: an inherited `scopesSupported` or `resourceName` is not published.
  const options = readOptions(given, OPTIONS, where);
  requireServerUrl(options.resourceServerUrl);
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
