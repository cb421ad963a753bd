// Setups that worked with dualAuthFetch on main (0.x before the RFC 9728 check) and are refused
// now. The server side is this package's own metadata handler (`@dual-auth/mcp/fetch`), called
// in-process as the `fetch` the client sends with; only the MCP endpoint behind it is a stub
// (200 with a token, 401 with its `resource_metadata` pointer without one).
import type { DualSubjectToken } from '@dual-auth/core';
import { describe, expect, it } from 'vitest';
import { protectedResourceMetadataHandler } from '../fetch/protected-resource-metadata-handler.js';
import { protectedResourceMetadataUrl } from '../protected-resource-metadata-url.js';
import { dualAuthFetch } from './dual-auth-fetch.js';

const segment = (value: object) => btoa(JSON.stringify(value)).replace(/=+$/, '');
const tokenWith = (claims: object | undefined): DualSubjectToken => ({
  accessToken:
    claims === undefined ? 'opaque-token' : `${segment({ alg: 'none' })}.${segment(claims)}.sig`,
  tokenType: 'Bearer',
  expiresIn: 300,
  expiresAt: 2_000_000_000_000,
  scope: 'finance.read',
});

/** An MCP server: `metadata` in front, then an endpoint that needs a token at `mcpPaths`. */
function mcpServer(
  metadata: (request: Request) => Response | undefined,
  mcpPaths: readonly string[],
  resourceMetadataUrl: string,
): typeof fetch {
  return (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    const answered = metadata(request);
    if (answered !== undefined) return answered;
    if (!mcpPaths.includes(new URL(request.url).pathname))
      return new Response(null, { status: 404 });
    if (request.headers.get('authorization') === null) {
      return new Response(null, {
        status: 401,
        headers: {
          'www-authenticate': `Bearer error="invalid_token", resource_metadata="${resourceMetadataUrl}"`,
        },
      });
    }
    return Response.json({ ok: true });
  }) as typeof fetch;
}

/** This package's metadata handler for `resourceServerUrl`, and where it serves the document. */
function ourMetadata(resourceServerUrl: URL) {
  const handler = protectedResourceMetadataHandler({
    resourceServerUrl,
    issuer: 'https://idp.example.com',
  });
  return { handler, url: protectedResourceMetadataUrl(resourceServerUrl) };
}

/** Metadata naming `resource`, served at `url` only. */
function metadataAt(url: string, resource: URL) {
  const document = { resource: resource.href, authorization_servers: ['https://idp'] };
  const handler = (request: Request) => (request.url === url ? Response.json(document) : undefined);
  return { handler, url };
}

/** A dualAuthFetch bound to `resourceServerUrl`, whose token's aud is `aud` (`null`: an opaque token). */
function clientOf(
  resourceServerUrl: URL,
  metadata: { handler: (request: Request) => Response | undefined; url: string },
  mcpPaths: readonly string[],
  aud: string | null = resourceServerUrl.href,
) {
  return dualAuthFetch({
    origin: resourceServerUrl,
    tokenProvider: { getToken: async () => tokenWith(aud === null ? undefined : { aud }) },
    fetch: mcpServer(metadata.handler, mcpPaths, metadata.url),
  });
}

const post = { method: 'POST', body: '{}' };

describe('dualAuthFetch after the upgrade: our own MCP servers', () => {
  it('reaches a server whose resourceServerUrl ends in a slash (https://mcp.example.com/mcp/)', async () => {
    const resourceServerUrl = new URL('https://mcp.example.com/mcp/');
    const send = clientOf(resourceServerUrl, ourMetadata(resourceServerUrl), ['/mcp/']);
    expect((await send(resourceServerUrl, post)).status).toBe(200);
  });

  it("reaches a server that serves its metadata at its own resourceMetadataUrl (the server option), named in its 401's resource_metadata", async () => {
    const resourceServerUrl = new URL('https://mcp.example.com/mcp');
    const metadata = metadataAt(
      'https://mcp.example.com/auth/protected-resource.json',
      resourceServerUrl,
    );
    const send = clientOf(resourceServerUrl, metadata, ['/mcp']);
    expect((await send(resourceServerUrl, post)).status).toBe(200);
  });

  it("reaches an SSE-transport server (GET /sse, then POST /messages?sessionId=…), the SDK's SSEClientTransport", async () => {
    const resourceServerUrl = new URL('https://mcp.example.com/sse');
    const send = clientOf(resourceServerUrl, ourMetadata(resourceServerUrl), ['/sse', '/messages']);
    expect((await send(resourceServerUrl)).status).toBe(200);
    const posted = await send('https://mcp.example.com/messages?sessionId=4f1c', post);
    expect(posted.status).toBe(200);
  });
});

describe("dualAuthFetch after the upgrade: servers the MCP SDK's own client accepts", () => {
  it('reaches a server that serves its metadata at the root well-known URL only, naming its /mcp URL (SDK checkResourceAllowed accepts it)', async () => {
    const resourceServerUrl = new URL('https://mcp.example.com/mcp');
    const metadata = metadataAt(
      'https://mcp.example.com/.well-known/oauth-protected-resource',
      resourceServerUrl,
    );
    const send = clientOf(resourceServerUrl, metadata, ['/mcp']);
    expect((await send(resourceServerUrl, post)).status).toBe(200);
  });
});

describe('dualAuthFetch after the upgrade: refusal messages say what fixes them', () => {
  it("an opaque token's refusal names the fixes (opaqueTokens: 'send', resourceMetadata: 'off'), not tokenAudience", async () => {
    const resourceServerUrl = new URL('https://mcp.example.com/mcp');
    const send = clientOf(resourceServerUrl, ourMetadata(resourceServerUrl), ['/mcp'], null);
    const refused = await send(resourceServerUrl, post).then(
      () => undefined,
      (error: unknown) => error as Error,
    );
    expect(refused?.name).toBe('ResourceRefusedError');
    expect(refused?.message).toMatch(/resourceMetadata: 'off'/);
    expect(refused?.message).toMatch(/opaqueTokens: 'send'/);
    expect(refused?.message).not.toMatch(/tokenAudience/);
  });

  it("sends an opaque token with opaqueTokens: 'send' to a server whose metadata checks out, not to one whose does not", async () => {
    const resourceServerUrl = new URL('https://mcp.example.com/mcp');
    const fetchTo = (metadata: ReturnType<typeof ourMetadata>) =>
      dualAuthFetch({
        origin: resourceServerUrl,
        opaqueTokens: 'send',
        tokenProvider: { getToken: async () => tokenWith(undefined) },
        fetch: mcpServer(metadata.handler, ['/mcp'], metadata.url),
      });
    const ours = fetchTo(ourMetadata(resourceServerUrl));
    expect((await ours(resourceServerUrl, post)).status).toBe(200);
    const elsewhere = fetchTo(ourMetadata(new URL('https://mcp.example.com/other')));
    // Its 401 points at the metadata of /other, which names /other.
    await expect(elsewhere(resourceServerUrl, post)).rejects.toMatchObject({
      reason: 'resource-mismatch',
    });
  });
});
