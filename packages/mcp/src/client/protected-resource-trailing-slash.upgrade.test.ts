import type { DualSubjectToken } from '@dual-auth/core';
import { expect, it } from 'vitest';
import { protectedResourceMetadataHandler } from '../fetch/protected-resource-metadata-handler.js';
import { dualAuthFetch } from './dual-auth-fetch.js';
import type { ResourceRefusedError } from './resource-refused-error.js';

// Session 10, breaker 20 (wave10/mcpaud10 + wave10/fixb19). A dual-auth MCP server whose
// `resourceServerUrl` ends with a slash (`new URL('https://mcp.example.com/mcp/')`, the form
// `new URL('mcp/', base)` gives) serves its RFC 9728 document, with this package's own handler, at
// `/.well-known/oauth-protected-resource/mcp/`, naming `resource: https://mcp.example.com/mcp/`;
// its tokens' audience defaults to that href. On main dualAuthFetch called it. Now the client
// drops the trailing slash (as the MCP SDK's discovery does) and reads
// `/.well-known/oauth-protected-resource/mcp`: the handler answers nothing there, the root
// well-known URL neither, and every call is refused `no-metadata` ("serve it
// (protectedResourceMetadataRouter)" — it IS served). With the Express router, which matches with
// or without the slash, the document names `…/mcp/` where the client expects `…/mcp`:
// `resource-mismatch`. Either way the server and client of the same package no longer talk.
// Suggested fix: compare the resource and the document's path with or without one trailing slash
// (the client already treats `/mcp/` and `/mcp` as one resource), and have the handler answer the
// well-known path with and without it; or refuse a `resourceServerUrl` with a trailing slash at
// the server's creation, with a message.

const segment = (value: object) =>
  btoa(JSON.stringify(value)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
const tokenFor = (aud: string): DualSubjectToken => ({
  accessToken: `${segment({ alg: 'none' })}.${segment({ aud })}.sig`,
  tokenType: 'Bearer',
  expiresIn: 300,
  expiresAt: 2_000_000_000_000,
  scope: 'finance.read',
});

it("calls a server whose resourceServerUrl ends with a slash, its metadata served by this package's handler", async () => {
  const resourceServerUrl = new URL('https://mcp.example.com/mcp/');
  const metadata = protectedResourceMetadataHandler({
    resourceServerUrl,
    issuer: 'https://idp.example.com/realms/dual-auth',
  });
  const server = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    return (
      metadata(request) ??
      (new URL(request.url).pathname.startsWith('/.well-known/')
        ? new Response(null, { status: 404 })
        : new Response('{}'))
    );
  }) as typeof fetch;
  const send = dualAuthFetch({
    origin: 'https://mcp.example.com',
    // The server's default token audience: its resourceServerUrl's href.
    tokenProvider: { getToken: async () => tokenFor(resourceServerUrl.href) },
    fetch: server,
  });
  const outcome = await send(resourceServerUrl.href).then(
    (response) => `sent, ${response.status}`,
    (error: ResourceRefusedError) => error.reason,
  );
  expect(outcome).toBe('sent, 200');
});
