import type { DualSubjectToken } from '@dual-auth/core';
import { describe, expect, it } from 'vitest';
import { dualAuthFetch } from './dual-auth-fetch.js';

// Session 10, breaker 20 (wave10/mcpaud10 + wave10/fixb19). The RFC 9728 refusals
// (ResourceRefusedError: `no-metadata`, `unreadable-metadata`, `resource-mismatch`) write the
// server URL into their message with only its query cut (`shown`): its path stays (userinfo is
// refused earlier, held).
// Hosted MCP servers put the caller's secret in the URL path (a per-user key segment, e.g.
// `https://mcp.provider.example/api/mcp/s/<secret>/mcp`), and an app logs the
// error it gets. The same PR family (fixj10a) trims every URL the client logs with core's
// routeForLogging and the rest of dual-auth writes URLs through urlForLogging (no credentials).
// Suggested fix: write URLs in these messages as `${origin}${routeForLogging(pathname)}`
// (core), never `shown(href)`.

const segment = (value: object) =>
  btoa(JSON.stringify(value)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
const token: DualSubjectToken = {
  accessToken: `${segment({ alg: 'none' })}.${segment({ aud: 'https://mcp.example.com/' })}.sig`,
  tokenType: 'Bearer',
  expiresIn: 300,
  expiresAt: 2_000_000_000_000,
  scope: 'finance.read',
};
/** A server without RFC 9728 metadata: every well-known read is a 404. */
const noMetadata = (async () => new Response(null, { status: 404 })) as typeof fetch;
const SECRET = 'k7Qp2XvR9sLm4TnW8yBc3DfG6hJ';

async function refusalOf(url: string): Promise<Error> {
  const send = dualAuthFetch({
    origin: 'https://mcp.example.com',
    tokenProvider: { getToken: async () => token },
    fetch: noMetadata,
  });
  return send(url).then(
    () => {
      throw new Error('sent');
    },
    (error: Error) => error,
  );
}

describe('attack: a secret in the MCP server URL, in the refusal message', () => {
  it('does not write a path secret of the server URL into the refusal', async () => {
    const error = await refusalOf(`https://mcp.example.com/api/mcp/s/${SECRET}/mcp`);
    expect(error.name).toBe('ResourceRefusedError');
    expect(error.message).not.toContain(SECRET);
  });

  it('does not write the userinfo of the server URL into the refusal (held)', async () => {
    // Held: dualAuthFetch refuses a URL with credentials first (ConfigurationError).
    const error = await refusalOf(`https://agent:${SECRET}@mcp.example.com/mcp`);
    expect(error.message).not.toContain(SECRET);
  });
});
