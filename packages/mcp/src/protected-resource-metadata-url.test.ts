import { describe, expect, it } from 'vitest';
import {
  onOriginOf,
  protectedResourceMetadataPaths,
  protectedResourceMetadataUrl,
  resourcePathOf,
  wellKnownPath,
} from './protected-resource-metadata-url.js';

const WELL_KNOWN = '/.well-known/oauth-protected-resource';

/** Where dualAuthFetch reads a server's metadata first (protected-resource-audience.ts). */
const readAt = (server: URL) => onOriginOf(server, wellKnownPath(resourcePathOf(server)));

describe('protected-resource metadata URLs (RFC 9728 §3.1)', () => {
  it('inserts the well-known path between the origin and the server path', () => {
    const server = new URL('https://mcp.example:8443/api/mcp');
    expect(readAt(server)).toBe(`https://mcp.example:8443${WELL_KNOWN}/api/mcp`);
    expect(protectedResourceMetadataUrl(server)).toBe(
      `https://mcp.example:8443${WELL_KNOWN}/api/mcp`,
    );
    expect(protectedResourceMetadataPaths(server)).toEqual([`${WELL_KNOWN}/api/mcp`]);
  });

  it('gives the root well-known URL for a server at the origin', () => {
    const server = new URL('https://mcp.example/');
    expect(resourcePathOf(server)).toBe('');
    expect(readAt(server)).toBe(`https://mcp.example${WELL_KNOWN}`);
    expect(protectedResourceMetadataUrl(server)).toBe(`https://mcp.example${WELL_KNOWN}`);
    expect(protectedResourceMetadataPaths(server)).toEqual([WELL_KNOWN]);
  });

  it('drops a trailing slash where clients read, names it as written, and serves both', () => {
    const server = new URL('https://mcp.example/mcp/?t=1');
    expect(resourcePathOf(server)).toBe('/mcp');
    expect(protectedResourceMetadataUrl(server)).toBe(`https://mcp.example${WELL_KNOWN}/mcp/`);
    expect(protectedResourceMetadataPaths(server)).toEqual([
      `${WELL_KNOWN}/mcp/`,
      `${WELL_KNOWN}/mcp`,
    ]);
  });

  it('serves the metadata at the path every client reads it at', () => {
    for (const href of [
      'https://h/',
      'https://h/mcp',
      'https://h/mcp/',
      'https://h//mcp//',
      'https://h/a%2Fb/caf%C3%A9 x/mcp?x=1#f',
      'http://127.0.0.1:3000/api/mcp/s/key/mcp',
    ]) {
      const server = new URL(href);
      expect(protectedResourceMetadataPaths(server)).toContain(new URL(readAt(server)).pathname);
    }
  });

  it('never reads a path as another host, and drops credentials and fragment', () => {
    const server = new URL('https://u:p@mcp.example//evil.example/mcp?q=1#f');
    expect(new URL(readAt(server)).host).toBe('mcp.example');
    expect(onOriginOf(server, '//evil.example/x', server.search)).toBe(
      'https://mcp.example//evil.example/x?q=1',
    );
    expect(protectedResourceMetadataUrl(server)).toBe(
      `https://mcp.example${WELL_KNOWN}//evil.example/mcp`,
    );
  });
});
