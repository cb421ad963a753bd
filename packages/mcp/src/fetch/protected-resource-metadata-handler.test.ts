import { describe, expect, it } from 'vitest';
import { protectedResourceMetadataHandler } from './protected-resource-metadata-handler.js';

const metadata = protectedResourceMetadataHandler({
  resourceServerUrl: new URL('https://mcp.example.com/mcp'),
  issuer: 'https://idp.example.com',
  scopesSupported: ['finance.read'],
});
const WELL_KNOWN = 'https://mcp.example.com/.well-known/oauth-protected-resource/mcp';

describe('protectedResourceMetadataHandler', () => {
  it('serves the RFC 9728 document at the well-known URL of the server, CORS open', async () => {
    const response = metadata(new Request(WELL_KNOWN));
    expect(response?.status).toBe(200);
    expect(response?.headers.get('access-control-allow-origin')).toBe('*');
    expect(await response?.json()).toEqual({
      resource: 'https://mcp.example.com/mcp',
      authorization_servers: ['https://idp.example.com'],
      bearer_methods_supported: ['header'],
      scopes_supported: ['finance.read'],
    });
  });

  it('answers the CORS preflight, 405 to other methods, and leaves other paths alone', async () => {
    const preflight = metadata(
      new Request(WELL_KNOWN, {
        method: 'OPTIONS',
        headers: { 'access-control-request-headers': 'mcp-protocol-version' },
      }),
    );
    expect(preflight?.status).toBe(204);
    expect(preflight?.headers.get('access-control-allow-headers')).toBe('mcp-protocol-version');
    const post = metadata(new Request(WELL_KNOWN, { method: 'POST', body: '{}' }));
    expect(post?.status).toBe(405);
    expect(post?.headers.get('allow')).toBe('GET, OPTIONS');
    expect(
      metadata(new Request('https://mcp.example.com/mcp', { method: 'POST' })),
    ).toBeUndefined();
  });

  // wave32/querytoken: @hono/node-server (2.1.9, `buildUrl`) hands on the client's Host unchecked
  // when it reads as a host name (/^[a-z0-9._-]+(:port)?$/) and the path is plain: request.url is
  // `http://999.1.1.1/…` as written, which the URL parser refuses (999 is no IPv4 byte), and its
  // Request parses it only when asked. `new Request()` refuses that URL, so the request is built
  // as node-server builds it: a url string and nothing parsed. The handler threw: a 500 for every
  // request it fronts, from any client that writes such a Host. Its path is read as written, as
  // withDualAuth's default route reads it (@dual-auth/resource).
  it('reads the path of a request whose Host the URL parser refuses, instead of throwing', async () => {
    const asNodeServerBuilds = (url: string) =>
      ({ url, method: 'GET', headers: new Headers() }) as unknown as Request;
    const served = metadata(
      asNodeServerBuilds('http://999.1.1.1/.well-known/oauth-protected-resource/mcp?x=1'),
    );
    expect(served?.status).toBe(200);
    expect(await served?.json()).toMatchObject({ resource: 'https://mcp.example.com/mcp' });
    expect(metadata(asNodeServerBuilds('http://999.1.1.1/mcp'))).toBeUndefined();
    expect(metadata(asNodeServerBuilds('http://a:99999/mcp'))).toBeUndefined();
  });

  // Session 21 (user21): a URL string (dualAuthFetch's origin takes one) was refused with "must be
  // a URL", which a new user read as "is not a valid URL": the message says a URL object.
  it('throws a TypeError at creation without a URL or issuer', () => {
    expect(() =>
      protectedResourceMetadataHandler({ resourceServerUrl: 'https://x', issuer: 'i' } as never),
    ).toThrow(
      "options.resourceServerUrl must be a URL object, this MCP server's URL (new URL('https://mcp.example.com/mcp')), not a string",
    );
    expect(() =>
      protectedResourceMetadataHandler({ resourceServerUrl: new URL('https://x') } as never),
    ).toThrow(/options\.issuer/);
  });
});
