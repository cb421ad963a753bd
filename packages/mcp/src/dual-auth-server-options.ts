import { requireValue } from '@dual-auth/core';
import type { DualAuthGuard } from '@dual-auth/resource';
import { protectedResourceMetadataUrl } from './protected-resource-metadata.js';

/** Options of an MCP server's dual-subject check (`requireDualAuth`, `dualAuthMcpHandler`). */
export interface DualAuthServerOptions {
  /**
   * The guard of `@dual-auth/resource` (`createDualAuthGuard`): its `audience` must be this MCP
   * server's resource identifier, so a token issued for another resource is refused (MCP
   * authorization: no token passthrough; RFC 8707).
   */
  guard: DualAuthGuard;
  /** This MCP server's URL (e.g. `https://mcp.example.com/mcp`): the `resource` of RFC 9728. */
  resourceServerUrl: URL;
  /**
   * Where the protected-resource metadata is served, named in every 401 challenge
   * (`resource_metadata`, RFC 9728 §5.1). Default: the well-known URL for `resourceServerUrl`.
   */
  resourceMetadataUrl?: string;
}

/**
 * The options checked, with the metadata URL resolved.
 *
 * @throws TypeError on a missing guard or URL.
 */
export function resolveServerOptions(
  options: DualAuthServerOptions,
): Required<DualAuthServerOptions> {
  requireValue(options, 'options', 'object');
  requireValue(options.guard, 'options.guard', 'object');
  requireValue(options.guard.check, 'options.guard.check', 'function');
  if (!(options.resourceServerUrl instanceof URL)) {
    throw new TypeError('options.resourceServerUrl must be a URL (this MCP server)');
  }
  const { guard, resourceServerUrl } = options;
  const resourceMetadataUrl =
    options.resourceMetadataUrl ?? protectedResourceMetadataUrl(resourceServerUrl);
  return { guard, resourceServerUrl, resourceMetadataUrl };
}
