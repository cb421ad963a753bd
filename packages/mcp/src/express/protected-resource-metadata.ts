import { requireValue } from '@dual-auth/core';
import { metadataHandler } from '@modelcontextprotocol/sdk/server/auth/handlers/metadata.js';
import { getOAuthProtectedResourceMetadataUrl } from '@modelcontextprotocol/sdk/server/auth/router.js';
import type { OAuthProtectedResourceMetadata } from '@modelcontextprotocol/sdk/shared/auth.js';
import type { RequestHandler } from 'express';
import { Router } from 'express';

/** Options of {@link protectedResourceMetadataRouter}. */
export interface ProtectedResourceMetadataOptions {
  /** This MCP server's URL: the metadata's `resource`, and the tokens' audience. */
  resourceServerUrl: URL;
  /** The IdP's issuer (`authorization_servers`), where clients get their dual-subject tokens. */
  issuer: string;
  scopesSupported?: readonly string[];
  resourceName?: string;
}

/**
 * An Express router serving this MCP server's OAuth 2.0 protected-resource metadata (RFC 9728 §3)
 * at the well-known URL the MCP SDK's clients look up (`/.well-known/oauth-protected-resource`
 * plus the server's path), with the SDK's own handler (GET and OPTIONS, CORS open). Bearer tokens
 * go in the `Authorization` header only (`bearer_methods_supported: ["header"]`).
 *
 * @throws TypeError when `resourceServerUrl` is not a URL or `issuer` not a string.
 * @example
 * app.use(protectedResourceMetadataRouter({ resourceServerUrl, issuer: 'https://example.okta.com/oauth2/aus123' }));
 */
export function protectedResourceMetadataRouter(
  options: ProtectedResourceMetadataOptions,
): RequestHandler {
  requireValue(options, 'options', 'object');
  if (!(options.resourceServerUrl instanceof URL)) {
    throw new TypeError('options.resourceServerUrl must be a URL (this MCP server)');
  }
  requireValue(options.issuer, 'options.issuer', 'string');
  const metadata: OAuthProtectedResourceMetadata = {
    resource: options.resourceServerUrl.href,
    authorization_servers: [options.issuer],
    bearer_methods_supported: ['header'],
    ...(options.scopesSupported === undefined
      ? {}
      : { scopes_supported: [...options.scopesSupported] }),
    ...(options.resourceName === undefined ? {} : { resource_name: options.resourceName }),
  };
  const router = Router();
  const path = new URL(getOAuthProtectedResourceMetadataUrl(options.resourceServerUrl)).pathname;
  router.use(path, metadataHandler(metadata));
  return router;
}
