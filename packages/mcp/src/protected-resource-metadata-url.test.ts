import { describe, expect, it } from 'vitest';
import {
  onOriginOf,
  pathAwareMetadataUrl,
  protectedResourceMetadataPaths,
  protectedResourceMetadataUrl,
  resourcePathOf,
  wellKnownMetadataUrl,
} from './protected-resource-metadata-url.js';

const WELL_KNOWN = '/.well-known/oauth-protected-resource';

describe('protected-resource metadata URLs (RFC 9728 §3.1)', () => {
  it('inserts the well-known path between the origin and the server path', () => {
    const server = new URL('https://mcp.example:8443/api/mcp');
    expect(pathAwareMetadataUrl(server)).toBe(`https://mcp.example:8443${WELL_KNOWN}/api/mcp`);
    expect(protectedResourceMetadataUrl(server)).toBe(
      `https://mcp.example:8443${WELL_KNOWN}/api/mcp`,
    );
    expect(protectedResourceMetadataPaths(server)).toEqual([`${WELL_KNOWN}/api/mcp`]);
  });

  it('gives the root well-known URL for a server at the origin', () => {
    const server = new URL('https://mcp.example/');
    expect(pathAwareMetadataUrl(server)).toBe(`https://mcp.example${WELL_KNOWN}`);
    expect(protectedResourceMetadataUrl(server)).toBe(`https://mcp.example${WELL_KNOWN}`);
    expect(wellKnownMetadataUrl(server, '')).toBe(`https://mcp.example${WELL_KNOWN}`);
    expect(protectedResourceMetadataPaths(server)).toEqual([WELL_KNOWN]);
  });

  it('drops a trailing slash where clients read, and serves both forms', () => {
    const server = new URL('https://mcp.example/mcp/?t=1');
    expect(resourcePathOf(server)).toBe('/mcp');
    expect(pathAwareMetadataUrl(server)).toBe(`https://mcp.example${WELL_KNOWN}/mcp?t=1`);
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
      'https://h/a%2Fb/mcp?x=1#f',
      'http://127.0.0.1:3000/api/mcp/s/key/mcp',
    ]) {
      const server = new URL(href);
      expect(protectedResourceMetadataPaths(server)).toContain(
        new URL(pathAwareMetadataUrl(server)).pathname,
      );
    }
  });

  it('never reads a path as another host, and drops credentials and fragment', () => {
    const server = new URL('https://u:p@mcp.example//evil.example/mcp#f');
    expect(new URL(pathAwareMetadataUrl(server)).host).toBe('mcp.example');
    expect(onOriginOf(server, '//evil.example/x')).toBe('https://mcp.example//evil.example/x');
    expect(protectedResourceMetadataUrl(server)).toBe(
      `https://mcp.example${WELL_KNOWN}//evil.example/mcp`,
    );
  });
});
