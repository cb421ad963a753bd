import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type {
  DualAuthAuditEvent,
  DualSubjectToken,
  GetTokenOptions,
  TokenProvider,
} from '@dual-auth/core';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { type RawHeaders, rawHeaderRequest } from '../../../tools/raw-header-request.js';
import { offlineGuard } from '../test/support/offline-guard.js';
import { dualAuthFetch } from './client/dual-auth-fetch.js';
import { requireDualAuth } from './express/require-dual-auth.js';
import { dualAuthMcpHandler } from './fetch/dual-auth-mcp-handler.js';

// RFC 6750 §3.1 at both MCP server entries, with a real guard: a credential header repeated or
// breaking its syntax is 400 invalid_request, decided from the headers before any key is used.

const resourceServerUrl = new URL('https://mcp.example.com/mcp');
const POINTER =
  'resource_metadata="https://mcp.example.com/.well-known/oauth-protected-resource/mcp"';
const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln';

let audits: DualAuthAuditEvent[] = [];
const guard = () => offlineGuard(resourceServerUrl, { onDecision: (event) => audits.push(event) });

// The audit reason is the resource guard's: a token in the URL apart from a malformed header
// (wave32/querytoken), as its operator revokes it.
const ROWS: {
  name: string;
  headers: RawHeaders;
  query?: string;
  description: string;
  reason: string;
}[] = [
  {
    name: 'two Authorization lines',
    headers: { authorization: [`Bearer ${JWT}`, `Bearer ${JWT}`] },
    description: 'Authorization header was sent more than once; send it exactly once',
    reason: 'access_token.malformed',
  },
  {
    name: 'Bearer with two tokens',
    headers: { authorization: 'Bearer abc def' },
    description: "Authorization header must be 'Bearer <token>' with exactly one token",
    reason: 'access_token.malformed',
  },
  {
    name: 'two X-Act-Assertion lines',
    headers: { authorization: `Bearer ${JWT}`, 'x-act-assertion': [JWT, JWT] },
    description: 'X-Act-Assertion header was sent more than once; send it exactly once',
    reason: 'act_assertion.malformed',
  },
  {
    name: 'an X-Act-Assertion that is not one compact JWT',
    headers: { authorization: `Bearer ${JWT}`, 'x-act-assertion': 'not a jwt' },
    description: 'X-Act-Assertion header must hold one compact JWT',
    reason: 'act_assertion.malformed',
  },
  {
    name: 'Authorization and an access_token query parameter',
    headers: { authorization: `Bearer ${JWT}` },
    query: `?access_token=${JWT}`,
    description:
      'access_token query parameter was sent; send the access token in the Authorization header only, never in the URL',
    reason: 'access_token.sent_in_url',
  },
];

interface Answer {
  status: number;
  challenge: string | undefined;
  body: unknown;
}

const servers: ReturnType<typeof createServer>[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function listen(server: ReturnType<typeof createServer>): Promise<string> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`;
}

/** POST over loopback with raw header lines (a repeated name stays two lines). */
async function rawPost(url: string, raw: RawHeaders): Promise<Answer> {
  const { status, headers, body } = await rawHeaderRequest('POST', url, raw, '{}');
  return { status, challenge: headers['www-authenticate'], body };
}

async function throughRequireDualAuth(raw: RawHeaders, query = ''): Promise<Answer> {
  const app = express();
  app.post('/mcp', requireDualAuth({ guard: guard(), resourceServerUrl }), (_req, res) => {
    res.json({ ok: true });
  });
  return rawPost(`${await listen(createServer(app))}${query}`, raw);
}

async function throughMcpHandler(raw: RawHeaders, query = ''): Promise<Answer> {
  const handle = dualAuthMcpHandler({ guard: guard(), resourceServerUrl }, () =>
    Response.json({ ok: true }),
  );
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    for (const one of [value].flat()) headers.append(name, one);
  }
  const response = await handle(
    new Request(`${resourceServerUrl.href}${query}`, { method: 'POST', headers, body: '{}' }),
  );
  return {
    status: response.status,
    challenge: response.headers.get('www-authenticate') ?? undefined,
    body: await response.json(),
  };
}

describe.each([
  ['requireDualAuth (Express)', throughRequireDualAuth],
  ['dualAuthMcpHandler (fetch)', throughMcpHandler],
] as const)('RFC 6750 §3.1 through %s', (_, send) => {
  it.each(ROWS)('$name → 400 invalid_request with the metadata pointer, audited', async (row) => {
    audits = [];
    expect(await send(row.headers, row.query)).toEqual({
      status: 400,
      challenge: `Bearer error="invalid_request", error_description="${row.description}", ${POINTER}`,
      body: { error: 'invalid_request', error_description: row.description },
    });
    expect(audits).toEqual([
      expect.objectContaining({ decision: 'DENY', status: 400, reason: row.reason }),
    ]);
  });

  it('no credentials → 401, the bare challenge with the pointer, a body without an error code', async () => {
    expect(await send({})).toEqual({
      status: 401,
      challenge: `Bearer ${POINTER}`,
      body: { error_description: 'Missing Authorization header with a Bearer token' },
    });
  });
});

describe('dualAuthFetch against a real guard answering 400 invalid_request', () => {
  it('neither renews nor resends, and throws an ApiCallError saying the request was malformed', async () => {
    const handle = dualAuthMcpHandler({ guard: guard(), resourceServerUrl }, () =>
      Response.json({ ok: true }),
    );
    let sent = 0;
    // A proxy in front of the server that repeats the Authorization header.
    const proxy = (async (input: RequestInfo | URL, init?: RequestInit) => {
      sent++;
      const request = new Request(input, init);
      request.headers.append('authorization', request.headers.get('authorization') ?? '');
      return handle(request);
    }) as typeof fetch;
    const calls: GetTokenOptions[] = [];
    const tokenProvider: TokenProvider = {
      identity: { agentId: 'finance-agent', humanId: 'u-1' },
      async getToken(options: GetTokenOptions = {}): Promise<DualSubjectToken> {
        calls.push(options);
        return {
          accessToken: JWT,
          tokenType: 'Bearer',
          expiresIn: 300,
          scope: 'finance.read',
          expiresAt: 2_000_000_000_000,
        };
      },
    };
    const send = dualAuthFetch({
      resourceMetadata: 'off',
      origin: resourceServerUrl.origin,
      tokenProvider,
      fetch: proxy,
    });
    const error = await send(resourceServerUrl, { method: 'POST', body: '{}' }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({
      name: 'ApiCallError',
      status: 400,
      reason: 'status',
      message:
        "MCP request failed: POST https://mcp.example.com/mcp answered HTTP 400 (Bearer error invalid_request); the request was malformed, not its token: a bug in the sender, an access_token query parameter in the call's URL, or a proxy that repeats or rewrites the Authorization or X-Act-Assertion header (RFC 6750 §2.3, §3.1), so it was neither renewed nor retried",
    });
    expect(String(error)).not.toContain(JWT);
    expect(sent).toBe(1);
    expect(calls.map((c) => c.forceRefresh === true)).toEqual([false]);
  });
});
