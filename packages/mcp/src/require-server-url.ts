import { ConfigurationError } from '@dual-auth/core';
import { isLoopbackHost } from '@dual-auth/core/adapter-kit';

const EXAMPLE = "new URL('https://mcp.example.com/mcp')";

/**
 * Checks that `options.resourceServerUrl` is a `URL` object, this MCP server's URL as its clients
 * call it: the RFC 9728 `resource` it publishes, an `https` URL without a fragment (RFC 9728 §2;
 * the MCP authorization spec serves it over HTTPS). `http:` passes on a loopback host only
 * (127.0.0.0/8, ::1, localhost), for local demos and tests.
 *
 * @throws TypeError when it is not a `URL`, saying to pass `new URL(…)`: a URL string (which
 *   `dualAuthFetch`'s `origin` takes) is refused here, since the server compares it with the
 *   token's audience.
 * @throws ConfigurationError when it is not HTTPS (nor `http:` on loopback), has a fragment or
 *   holds credentials; the message names no part of the URL but an `http` scheme.
 */
export function requireServerUrl(value: unknown): asserts value is URL {
  if (!(value instanceof URL)) {
    throw new TypeError(
      `options.resourceServerUrl must be a URL object, this MCP server's URL (${EXAMPLE}), not a string`,
    );
  }
  if (value.username !== '' || value.password !== '') {
    throw refusal('must not contain credentials: remove the user and password from it');
  }
  const http = value.protocol === 'http:';
  if (value.protocol !== 'https:' && !(http && isLoopbackHost(value.hostname))) {
    throw refusal(
      `must use HTTPS, the URL MCP clients call (${EXAMPLE}; RFC 9728 §2). Got ${http ? 'scheme: http (allowed on loopback only: 127.0.0.0/8, ::1, localhost)' : 'another scheme'}`,
    );
  }
  if (value.hash !== '') {
    throw refusal('must not have a fragment (#…): a resource identifier has none (RFC 9728 §2)');
  }
}

function refusal(what: string): ConfigurationError {
  return new ConfigurationError({
    message: `options.resourceServerUrl ${what}`,
    variable: 'options.resourceServerUrl',
  });
}
