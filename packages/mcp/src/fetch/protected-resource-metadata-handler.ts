import { requestPath } from '@dual-auth/resource/fetch';
import {
  type ProtectedResourceMetadataOptions,
  protectedResourceMetadata,
} from '../protected-resource-metadata.js';
import { protectedResourceMetadataPaths } from '../protected-resource-metadata-url.js';

// Open CORS, as the MCP SDK's Express handler (`cors()`): browser-based MCP clients discover it.
const CORS = { 'access-control-allow-origin': '*' };
const ALLOW = 'GET, OPTIONS';

/**
 * A fetch handler serving this MCP server's OAuth 2.0 protected-resource metadata (RFC 9728 §3)
 * at the well-known URL the MCP SDK's clients look up (`/.well-known/oauth-protected-resource`
 * plus the server's path, also without a trailing slash of it), as `protectedResourceMetadataRouter` of `@dual-auth/mcp/express` does:
 * GET (and HEAD) answer the JSON document, OPTIONS the CORS preflight (CORS open), other methods
 * 405. It answers `undefined` for any other path, so it chains in front of the MCP handler; the
 * path of a `request.url` the URL parser refuses (a Node adapter's, built from the client's
 * `Host`) is read as written (`requestPath` of `@dual-auth/resource/fetch`).
 *
 * @throws TypeError at creation when `resourceServerUrl` is not a URL, `issuer` not a string,
 * or a key is not an option.
 * @throws ConfigurationError at creation when `resourceServerUrl` is not HTTPS (`http:` only on
 * loopback), has a fragment or holds credentials (RFC 9728 §2).
 * @example
 * const metadata = protectedResourceMetadataHandler({ resourceServerUrl, issuer });
 * export default { fetch: (request: Request) => metadata(request) ?? mcp(request) };
 */
export function protectedResourceMetadataHandler(
  options: ProtectedResourceMetadataOptions,
): (request: Request) => Response | undefined {
  const metadata = protectedResourceMetadata(options, 'protectedResourceMetadataHandler');
  const paths = protectedResourceMetadataPaths(options.resourceServerUrl);
  return (request) => {
    if (!paths.includes(requestPath(request.url))) return undefined;
    if (request.method === 'GET' || request.method === 'HEAD') {
      return Response.json(metadata, { headers: CORS });
    }
    if (request.method === 'OPTIONS') {
      const requested = request.headers.get('access-control-request-headers');
      return new Response(null, {
        status: 204,
        headers: {
          ...CORS,
          'access-control-allow-methods': ALLOW,
          ...(requested === null ? {} : { 'access-control-allow-headers': requested }),
        },
      });
    }
    return Response.json(
      {
        error: 'method_not_allowed',
        error_description: `The method ${request.method} is not allowed for this endpoint`,
      },
      { status: 405, headers: { ...CORS, allow: ALLOW } },
    );
  };
}
