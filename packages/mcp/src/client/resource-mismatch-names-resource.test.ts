import type { DualSubjectToken } from '@dual-auth/core';
import { describe, expect, it } from 'vitest';
import { dualAuthFetch } from './dual-auth-fetch.js';

// New user (session 37): an agent calling https://localhost:9443/mcp, a server whose metadata
// names https://127.0.0.1:9443/mcp, was told the metadata "names another resource: call the server
// at the URL it names" without that URL, so the user had to read the metadata by hand to learn
// it. The refusal now names it, as it names the URL called: origin and trimmed path only.

const token = {
  accessToken: 'opaque-token',
  tokenType: 'Bearer',
  expiresIn: 300,
  expiresAt: 2_000_000_000_000,
  scope: 'finance.read',
} as DualSubjectToken;
const SECRET = 'k7Qp2XvR9sLm4TnW8yBc3DfG6hJ';

/** The refusal of a call to `called` on a server whose every metadata document names `named`. */
async function refusalOf(called: string, named: string): Promise<Error> {
  const send = dualAuthFetch({
    origin: new URL(called).origin,
    tokenProvider: { getToken: async () => token },
    opaqueTokens: 'send',
    fetch: (async () => Response.json({ resource: named })) as typeof fetch,
  });
  return send(called).then(
    () => {
      throw new Error('sent');
    },
    (error: Error) => error,
  );
}

describe('resource-mismatch names the resource the metadata names', () => {
  it('another host of the same server: the message names the URL to call', async () => {
    const error = await refusalOf('https://localhost:9443/mcp', 'https://127.0.0.1:9443/mcp');
    expect(error).toMatchObject({ name: 'ResourceRefusedError', reason: 'resource-mismatch' });
    expect(error.message).toContain('names another resource (§3.3): https://127.0.0.1:9443/mcp;');
  });

  it('a secret in the named resource (path key, query) is not written', async () => {
    const named = `https://mcp.example.com/api/mcp/s/${SECRET}/mcp?key=${SECRET}`;
    const error = await refusalOf('https://mcp.example.com/mcp', named);
    expect(error).toMatchObject({ reason: 'resource-mismatch' });
    expect(error.message).toContain('names another resource (§3.3): https://mcp.example.com/');
    expect(error.message).not.toContain(SECRET);
  });

  // Session 37 (wave37/review2): a name that is no web URL was written as the server sent it (up
  // to the 64 KiB of metadata read): an email or a person's name an app's error log then keeps.
  it('a resource that is no web URL is not written', async () => {
    for (const named of ['mailto:alice@example.com', 'data:,Alice Liddell alice@example.com']) {
      const error = await refusalOf('https://mcp.example.com/mcp', named);
      expect(error).toMatchObject({ reason: 'resource-mismatch' });
      expect(error.message).toContain('names another resource (§3.3): a name that is no web URL;');
      expect(error.message).not.toMatch(/alice|Liddell/i);
    }
  });
});
