import type { DualSubjectToken, GetTokenOptions, TokenProvider } from '@dual-auth/core';
import { describe, expect, it } from 'vitest';
import { dualAuthFetch } from './dual-auth-fetch.js';

const MCP = 'https://mcp.example.com';
const base64url = (text: string) =>
  btoa(text).replace(/=+$/, '').replaceAll('+', '-').replaceAll('/', '_');
const fromBase64url = (text: string) => atob(text.replaceAll('-', '+').replaceAll('_', '/'));

/** A DPoP-bound token provider: a new token per forced refresh, its calls recorded. */
function dpopTokens(): TokenProvider & { calls: GetTokenOptions[] } {
  let current = 1;
  const calls: GetTokenOptions[] = [];
  return {
    calls,
    identity: { agentId: 'finance-agent', humanId: 'u-1' },
    async getToken(options: GetTokenOptions = {}): Promise<DualSubjectToken> {
      calls.push(options);
      if (options.forceRefresh) current++;
      return {
        accessToken: `dpop.token.${current}`,
        tokenType: 'DPoP',
        expiresIn: 300,
        scope: 'mcp',
        expiresAt: 2_000_000_000_000,
      };
    },
  } as TokenProvider & { calls: GetTokenOptions[] };
}

/** A hostile MCP server: every answer a 401 from `challenge(n)`, a fresh nonce each time. */
function hostile(challenge: (n: number) => Record<string, string>) {
  const nonces: (string | undefined)[] = [];
  const fetch = (async (_input: RequestInfo | URL, init?: RequestInit) => {
    const payload = (new Headers(init?.headers).get('dpop') ?? '').split('.')[1] ?? '';
    nonces.push((JSON.parse(fromBase64url(payload)) as { nonce?: string }).nonce);
    return new Response(null, { status: 401, headers: challenge(nonces.length) });
  }) as typeof globalThis.fetch;
  return { fetch, nonces };
}

const send = (server: { fetch: typeof fetch }, tokens: TokenProvider) =>
  dualAuthFetch({
    resourceMetadata: 'off',
    origin: MCP,
    tokenProvider: tokens,
    fetch: server.fetch,
    // A stand-in proof that shows the nonce it was made with.
    dpopProof: ({ nonce }) => `eyJhbGciOiJFUzI1NiJ9.${base64url(JSON.stringify({ nonce }))}.c2ln`,
  });

// Attack: the MCP server answers every request with a new challenge, alternating what it asks
// (a nonce, then a new token, then a nonce again, each with a fresh DPoP-Nonce), to make the
// client renew and re-prove in a loop, or fill its memory with nonces. Held: each remedy is
// tried once per request (3 sends, 1 renewal), a nonce over 1024 characters is neither kept nor
// answered.
describe('attack: an MCP server that never stops challenging', () => {
  it('gets at most one nonce retry and one renewal per request', async () => {
    const tokens = dpopTokens();
    const server = hostile((n) => ({
      'www-authenticate':
        n % 2 === 1 ? 'DPoP error="use_dpop_nonce"' : 'DPoP error="invalid_token"',
      'dpop-nonce': `nonce-${n}`,
    }));
    const sent = send(server, tokens)(`${MCP}/mcp`, { method: 'POST', body: '{}' });
    await expect(sent).rejects.toMatchObject({
      name: 'McpCallRefusedError',
      status: 401,
      failedSide: 'credentials',
    });
    expect(server.nonces).toEqual([undefined, 'nonce-1', 'nonce-2']);
    expect(tokens.calls.filter((call) => call.forceRefresh)).toHaveLength(1);
  });

  it('neither keeps nor answers a nonce of megabytes', async () => {
    const server = hostile(() => ({
      'www-authenticate': 'DPoP error="use_dpop_nonce"',
      'dpop-nonce': 'n'.repeat(1025),
    }));
    const fetch = send(server, dpopTokens());
    for (let i = 0; i < 2; i++) {
      await expect(fetch(`${MCP}/mcp`, { method: 'POST', body: '{}' })).rejects.toMatchObject({
        status: 401,
      });
    }
    expect(server.nonces).toEqual([undefined, undefined]);
  });
});
