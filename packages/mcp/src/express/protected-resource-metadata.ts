import { metadataHandler } from '@modelcontextprotocol/sdk/server/auth/handlers/metadata.js';
import type { RequestHandler } from 'express';
import { Router } from 'express';
import {
  type ProtectedResourceMetadataOptions,
  protectedResourceMetadata,
} from '../protected-resource-metadata.js';
import { protectedResourceMetadataPaths } from '../protected-resource-metadata-url.js';

export type { ProtectedResourceMetadataOptions };

/**
 * An Express router serving this MCP server's OAuth 2.0 protected-resource metadata (RFC 9728 §3)
 * at the well-known URL the MCP SDK's clients look up (`/.well-known/oauth-protected-resource`
 * plus the server's path), with the SDK's own handler (GET and OPTIONS, CORS open). Bearer tokens
 * go in the `Authorization` header only (`bearer_methods_supported: ["header"]`).
 *
 * @throws TypeError when `resourceServerUrl` is not a URL, `issuer` not a string, or a key is not
 * an option.
 * @throws ConfigurationError when `resourceServerUrl` is not HTTPS (`http:` only on
 * loopback), has a fragment or holds credentials (RFC 9728 §2).
 * @example
 * app.use(protectedResourceMetadataRouter({ resourceServerUrl, issuer: 'https://example.okta.com/oauth2/aus123' }));
 */
export function protectedResourceMetadataRouter(
  options: ProtectedResourceMetadataOptions,
): RequestHandler {
  const metadata = protectedResourceMetadata(options, 'protectedResourceMetadataRouter');
  const router = Router();
  router.use(protectedResourceMetadataPaths(options.resourceServerUrl), metadataHandler(metadata));
  return router;
}
