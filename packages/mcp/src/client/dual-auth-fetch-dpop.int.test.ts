import type { DualSubjectToken, GetTokenOptions, TokenProvider } from '@dual-auth/core';
import { createTestCa, startHttpsServer, type TestHttpsServer } from '@dual-auth/testing';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import express from 'express';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
// The client's DPoP resource-server check (RFC 9449 §4.3, §7.1, §9) and proof maker, reused.
import { type DpopApiRules, dpopApi, dpopKey } from '../../../client/test/dpop-api.js';
import { dualAuthFetch } from './dual-auth-fetch.js';

// A real MCP SDK server over loopback TLS that demands DPoP-bound tokens. The local IdP issues no
// DPoP-bound tokens, so the provider hands out opaque ones of type DPoP (the server's check knows
// which are valid) and the metadata check is off.

let server: TestHttpsServer;
/** Another origin, recording the DPoP header of whatever reaches it. */
let elsewhere: TestHttpsServer;
const proofsElsewhere: (string | undefined)[] = [];
let mcpUrl: URL;
let rules: DpopApiRules = { valid: new Set() };
let check = dpopApi(() => server.url, rules);
/** The DPoP header of every POST that reached the server. */
const proofsSeen: (string | undefined)[] = [];
/** The Authorization header of every POST to `/renew`, which answers `Bearer error="invalid_token"`. */
const renewSeen: (string | undefined)[] = [];

beforeAll(async () => {
  const ca = await createTestCa();
  const app = express();
  server = await startHttpsServer((req, res) => app(req as never, res as never), { ca });
  mcpUrl = new URL(`${server.url}/mcp`);
  elsewhere = await startHttpsServer(
    (req, res) => {
      proofsElsewhere.push(req.headers.dpop as string | undefined);
      res.writeHead(200).end();
    },
    { ca },
  );
  app.post('/renew', (req, res) => {
    renewSeen.push(req.headers.authorization);
    res.set('www-authenticate', 'Bearer error="invalid_token"').status(401).end();
  });
  app.post('/away', (_req, res) => void res.redirect(307, `${elsewhere.url}/mcp`));
  app.post('/mcp', async (req, res, next) => {
    const dpop = req.headers.dpop;
    proofsSeen.push(typeof dpop === 'string' ? dpop : undefined);
    const recorded = { method: req.method, path: req.url, headers: req.headers, body: '' };
    const answer = await check.reply(recorded, proofsSeen.length - 1);
    if (answer === 'hang') return;
    res.set(answer.headers ?? {});
    if (answer.status !== 200) return void res.status(answer.status).end();
    next();
  });
  app.post('/mcp', express.json(), async (req, res) => {
    const mcp = new McpServer({ name: 'finance', version: '1.0.0' });
    mcp.registerTool('ping', {}, async () => ({ content: [{ type: 'text', text: 'pong' }] }));
    const transport = new StreamableHTTPServerTransport({ enableJsonResponse: true });
    res.on('close', () => void transport.close());
    await mcp.connect(transport);
    await transport.handleRequest(req, res, req.body);
  });
}, 60_000);
afterAll(async () => {
  await elsewhere?.close();
  await server?.close();
});

function serve(next: DpopApiRules) {
  rules = next;
  check = dpopApi(() => server.url, rules);
}
beforeEach(() => {
  proofsSeen.length = 0;
});

/**
 * Token `dpop-1` of `tokenType`, `dpop-<n+1>` after n forced refreshes (a cache's behaviour), of
 * `renewedType` once renewed.
 */
function tokens(tokenType = 'DPoP', renewedType = tokenType) {
  const calls: GetTokenOptions[] = [];
  const provider: TokenProvider = {
    identity: { agentId: 'finance-agent', humanId: 'u-1' },
    async getToken(options: GetTokenOptions = {}) {
      calls.push(options);
      const renewed = calls.some((c) => c.forceRefresh);
      return {
        accessToken: `dpop-${1 + calls.filter((c) => c.forceRefresh).length}`,
        tokenType: renewed ? renewedType : tokenType,
        expiresIn: 300,
        scope: 'finance.read',
        expiresAt: 2_000_000_000_000,
      } satisfies DualSubjectToken;
    },
  } as TokenProvider;
  return { provider, calls };
}

/** Connects the SDK's client through `fetch` and calls `ping`. */
async function ping(fetch: typeof globalThis.fetch): Promise<string> {
  const client = new Client({ name: 'finance-agent', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(mcpUrl, { fetch }));
  try {
    const result = (await client.callTool({ name: 'ping', arguments: {} })) as CallToolResult;
    return (result.content[0] as { text: string }).text;
  } finally {
    await client.close();
  }
}

async function started(tokenType = 'DPoP') {
  const key = await dpopKey();
  const { provider, calls } = tokens(tokenType);
  const fetch = dualAuthFetch({
    origin: mcpUrl,
    tokenProvider: provider,
    resourceMetadata: 'off',
    dpopProof: key.proof,
    fetch: server.fetch,
  });
  return { key, calls, fetch };
}

describe('dualAuthFetch with DPoP-bound tokens (RFC 9449), to an MCP SDK server', () => {
  it('sends a new proof for each request: its method, URL and token', async () => {
    serve({ valid: new Set(['dpop-1']) });
    const { key, fetch } = await started();
    expect(await ping(fetch)).toBe('pong');
    expect(check.refusals).toEqual([]);
    // The SDK also opens its GET stream (refused here, 404): that request gets its own proof too.
    expect(new Set(key.made.map((m) => `${m.url} ${m.accessToken}`))).toEqual(
      new Set([`${mcpUrl.href} dpop-1`]),
    );
    const posts = key.made.filter((m) => m.method === 'POST');
    expect(posts.length).toBeGreaterThanOrEqual(3);
    expect(proofsSeen).toHaveLength(posts.length);
    expect(new Set(proofsSeen).size).toBe(proofsSeen.length);
  });

  it("answers use_dpop_nonce once, then keeps the server's nonce for every later request", async () => {
    serve({ valid: new Set(['dpop-1']), nonce: () => 'server-nonce-1' });
    const { key, calls, fetch } = await started();
    expect(await ping(fetch)).toBe('pong');
    expect(check.refusals).toEqual(['use_dpop_nonce']);
    expect(key.made[0]?.nonce).toBeUndefined();
    expect(new Set(key.made.slice(1).map((m) => m.nonce))).toEqual(new Set(['server-nonce-1']));
    expect(calls.filter((c) => c.forceRefresh)).toEqual([]);
  });

  it('renews once after DPoP error="invalid_token", and proves the new token', async () => {
    serve({ valid: new Set(['dpop-2']) });
    const { key, calls, fetch } = await started();
    expect(await ping(fetch)).toBe('pong');
    expect(check.refusals).toEqual(['invalid_token']);
    expect(calls.filter((c) => c.forceRefresh)).toHaveLength(1);
    expect(key.made.map((m) => m.accessToken).slice(0, 2)).toEqual(['dpop-1', 'dpop-2']);
  });

  it('makes no proof for a Bearer token', async () => {
    serve({ valid: new Set(['dpop-1']) });
    const { key, fetch } = await started('Bearer');
    await expect(ping(fetch)).rejects.toThrow();
    expect(key.made).toEqual([]);
    expect(proofsSeen).toEqual([undefined]);
  });

  it('refuses a dpopProof that is not a function, at creation', () => {
    expect(() =>
      dualAuthFetch({ origin: mcpUrl, tokenProvider: tokens().provider, dpopProof: 'x' as never }),
    ).toThrow(TypeError);
  });

  it('sends no proof to another origin: a redirect there is refused before anything leaves', async () => {
    serve({ valid: new Set(['dpop-1']) });
    const { key, fetch } = await started();
    await expect(fetch(`${server.url}/away`, { method: 'POST', body: '{}' })).rejects.toMatchObject(
      { name: 'RedirectRefusedError' },
    );
    expect(proofsElsewhere).toEqual([]);
    expect(key.made.map((m) => m.url)).toEqual([`${server.url}/away`]);
  });

  it("replaces the caller's own DPoP header with the proof it makes", async () => {
    serve({ valid: new Set(['dpop-1']) });
    const { key, fetch } = await started();
    const response = await fetch(mcpUrl, {
      method: 'POST',
      headers: { DPoP: 'caller.own.proof', 'content-type': 'application/json' },
      body: '{}',
    });
    await response.body?.cancel();
    expect(check.refusals).toEqual([]);
    expect(proofsSeen).toHaveLength(1);
    expect(proofsSeen[0]).not.toBe('caller.own.proof');
    expect(key.made).toHaveLength(1);
  });

  describe('without dpopProof', () => {
    const unproven = (provider: TokenProvider) =>
      dualAuthFetch({
        origin: mcpUrl,
        tokenProvider: provider,
        resourceMetadata: 'off',
        fetch: server.fetch,
      });

    it('refuses to send a DPoP token with no proof (RFC 9449 §7.1): nothing is sent', async () => {
      serve({ valid: new Set(['dpop-1']) });
      const fetch = unproven(tokens('dpop').provider);
      const sent = fetch(mcpUrl, { method: 'POST', body: '{}' });
      await expect(sent).rejects.toThrow(TypeError);
      await expect(sent).rejects.toThrow(/RFC 9449 §7\.1.*dpopProof, or send a DPoP header/);
      expect(proofsSeen).toEqual([]);
    });

    it("says what to do in dualAuthFetch's own words", async () => {
      serve({ valid: new Set(['dpop-1']) });
      const sent = unproven(tokens('dpop').provider)(mcpUrl, { method: 'POST', body: '{}' });
      await expect(sent).rejects.toThrow(
        new TypeError(
          'a DPoP token needs a proof per request (RFC 9449 §7.1): give dualAuthFetch dpopProof, or send a DPoP header with the request (withDualAuthTool: its callApi makes no proofs)',
        ),
      );
      expect(proofsSeen).toEqual([]);
    });

    it('refuses a DPoP token obtained on renewal before sending it', async () => {
      renewSeen.length = 0;
      const { provider, calls } = tokens('Bearer', 'DPoP');
      const sent = unproven(provider)(`${server.url}/renew`, { method: 'POST', body: '{}' });
      await expect(sent).rejects.toThrow(/RFC 9449 §7\.1/);
      expect(calls.filter((c) => c.forceRefresh)).toHaveLength(1);
      expect(renewSeen).toEqual(['Bearer dpop-1']);
    });

    it("sends a DPoP token with the caller's own DPoP header", async () => {
      serve({ valid: new Set(['dpop-1']) });
      // The stand-in proof does not verify: the server refuses it, after it was sent.
      const sent = unproven(tokens().provider)(mcpUrl, {
        method: 'POST',
        headers: { dpop: 'caller.own.proof', 'content-type': 'application/json' },
        body: '{}',
      });
      await expect(sent).rejects.toMatchObject({ name: 'McpCallRefusedError', status: 401 });
      expect(proofsSeen).toEqual(['caller.own.proof']);
    });
  });
});
