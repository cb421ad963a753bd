import { ownOptions, requireValue } from '@dual-auth/core';
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
 * The RFC 9728 §2 document: Bearer tokens in the `Authorization` header only.
 *
 * @throws TypeError when `resourceServerUrl` is not a URL or `issuer` not a string.
 */
export function protectedResourceMetadata(
  given: ProtectedResourceMetadataOptions,
): OAuthProtectedResourceMetadata {
  requireValue(given, 'options', 'object');
  // Own properties only: an inherited `scopesSupported` or `resourceName` is not published.
  const options = ownOptions(given);
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
