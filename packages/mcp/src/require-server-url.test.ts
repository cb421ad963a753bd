import { ConfigurationError } from '@dual-auth/core';
import { describe, expect, it } from 'vitest';
import { offlineGuard } from '../test/support/offline-guard.js';
import { protectedResourceMetadataRouter, requireDualAuth } from './express/index.js';
import { dualAuthMcpHandler, protectedResourceMetadataHandler } from './fetch/index.js';

// Fix (Session 39, mcpuser): every server entry took any URL object as `resourceServerUrl`, so a
// server set up as `http://mcp.example.com/mcp` (or `ftp:`, or with a `#fragment`) started and
// published that as its RFC 9728 `resource`, and the guard's audience mismatch was answered by
// telling the user to change the guard's audience to the `http:` URL. RFC 9728 §2: the resource is
// an `https` URL without a fragment; the MCP authorization spec serves it over HTTPS. `http:` on
// loopback stays allowed, as local demos and tests serve it (the client's `allowInsecureLoopback`).

const issuer = 'https://idp.example/oauth2/default';
const entries = {
  requireDualAuth: (url: URL) =>
    requireDualAuth({ guard: offlineGuard(url), resourceServerUrl: url }),
  dualAuthMcpHandler: (url: URL) =>
    dualAuthMcpHandler({ guard: offlineGuard(url), resourceServerUrl: url }, () => new Response()),
  protectedResourceMetadataRouter: (url: URL) =>
    protectedResourceMetadataRouter({ resourceServerUrl: url, issuer }),
  protectedResourceMetadataHandler: (url: URL) =>
    protectedResourceMetadataHandler({ resourceServerUrl: url, issuer }),
};

/** What `make` throws for `url`: a `ConfigurationError` saying `says`, and not `hides`. */
function expectRefusal(make: (url: URL) => unknown, url: string, says: string, hides?: string) {
  const build = () => make(new URL(url));
  expect(build).toThrow(ConfigurationError);
  expect(build).toThrow(says);
  if (hides !== undefined) {
    expect(build).toThrow(expect.objectContaining({ message: expect.not.stringContaining(hides) }));
  }
}

describe.each(Object.entries(entries))(
  '%s: resourceServerUrl must be HTTPS (RFC 9728 §2)',
  (_, make) => {
    it('refuses http: on a host other than loopback, saying to serve HTTPS', () => {
      expectRefusal(
        make,
        'http://mcp.example.com/mcp',
        "options.resourceServerUrl must use HTTPS, the URL MCP clients call (new URL('https://mcp.example.com/mcp')",
      );
    });

    it('refuses another scheme without naming it', () => {
      expectRefusal(
        make,
        'ftp://mcp.example.com/mcp',
        'options.resourceServerUrl must use HTTPS',
        'ftp',
      );
    });

    it('refuses a fragment, which no resource identifier has', () => {
      expectRefusal(
        make,
        'https://mcp.example.com/mcp#part',
        'options.resourceServerUrl must not have a fragment',
        'part',
      );
    });

    it('refuses a URL with credentials without echoing them', () => {
      expectRefusal(
        make,
        'https://user:hunter2@mcp.example.com/mcp',
        'options.resourceServerUrl must not contain credentials',
        'hunter2',
      );
    });

    it('takes https: anywhere, and http: on loopback for local servers', () => {
      for (const url of [
        'https://mcp.example.com/mcp',
        'https://mcp.example.com/mcp/?tenant=1',
        'http://127.0.0.1:8080/mcp',
        'http://localhost:8080/mcp',
        'http://[::1]:8080/mcp',
      ]) {
        expect(() => make(new URL(url)), url).not.toThrow();
      }
    });
  },
);
