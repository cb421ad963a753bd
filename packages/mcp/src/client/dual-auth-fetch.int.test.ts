import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { DualSubjectToken, GetTokenOptions, TokenProvider } from '@dual-auth/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { dualAuthFetch } from './dual-auth-fetch.js';
import { RedirectRefusedError } from './redirect-refused-error.js';

type Seen = { method: string; path: string; headers: IncomingHttpHeaders; body: string };
type Answer = (seen: Seen, all: Seen[]) => { status: number; headers?: Record<string, string> };

/** A plain HTTP server on loopback recording what reaches it, answering with `answer`. */
async function loopbackServer(answer: Answer) {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
    });
    req.on('end', () => {
      const request = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body };
      seen.push(request);
      const { status, headers } = answer(request, seen);
      res.writeHead(status, headers).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return {
    origin: `http://127.0.0.1:${address.port}`,
    seen,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Token n per call to getToken: a forced refresh is seen in the token sent. */
function tokens(onGet: () => void = () => {}): TokenProvider & { calls: GetTokenOptions[] } {
  const calls: GetTokenOptions[] = [];
  return {
    calls,
    identity: { agentId: 'finance-agent', humanId: 'u-1' },
    async getToken(options: GetTokenOptions = {}) {
      calls.push(options);
      onGet();
      return {
        accessToken: `access.token.${calls.length}`,
        tokenType: 'Bearer',
        expiresIn: 300,
        scope: 'finance.read',
        expiresAt: 2_000_000_000_000,
        actAssertion: `act.assertion.${calls.length}`,
      } satisfies DualSubjectToken;
    },
  } as TokenProvider & { calls: GetTokenOptions[] };
}

describe('dualAuthFetch on the wire (loopback servers)', () => {
  let mcp: Awaited<ReturnType<typeof loopbackServer>>;
  let elsewhere: Awaited<ReturnType<typeof loopbackServer>>;
  beforeAll(async () => {
    elsewhere = await loopbackServer(() => ({ status: 200 }));
    mcp = await loopbackServer((request, all) => {
      if (request.path === '/moved') return { status: 307, headers: { location: '/mcp' } };
      if (request.path === '/see-other') return { status: 303, headers: { location: '/mcp' } };
      const firstExpired = all.filter((r) => r.path === '/expired').length === 1;
      if (request.path === '/expired' && firstExpired) {
        return { status: 401, headers: { 'www-authenticate': 'Bearer error="invalid_token"' } };
      }
      return { status: 200 };
    });
  });
  afterAll(async () => {
    await mcp.close();
    await elsewhere.close();
  });
  beforeEach(() => {
    mcp.seen.length = 0;
    elsewhere.seen.length = 0;
  });

  const bound = (provider: TokenProvider) =>
    dualAuthFetch({
      resourceMetadata: 'off',
      origin: mcp.origin,
      tokenProvider: provider,
      allowInsecureLoopback: true,
    });

  it("sends to the URL it checked, though the caller's URL object changes while the token comes", async () => {
    const target = new URL(`${mcp.origin}/mcp`);
    const send = bound(
      tokens(() => {
        target.href = `${elsewhere.origin}/collect`;
      }),
    );
    expect((await send(target)).status).toBe(200);
    expect(elsewhere.seen).toEqual([]);
    expect(mcp.seen.map((r) => [r.path, r.headers.authorization])).toEqual([
      ['/mcp', 'Bearer access.token.1'],
    ]);
  });

  it('renews to the URL it checked too, though the URL object changed during the first send', async () => {
    const target = new URL(`${mcp.origin}/expired`);
    const provider = tokens(() => {
      if (provider.calls.length === 2) target.href = `${elsewhere.origin}/collect`;
    });
    expect((await bound(provider)(target)).status).toBe(200);
    expect(elsewhere.seen).toEqual([]);
    expect(mcp.seen.map((r) => r.headers.authorization)).toEqual([
      'Bearer access.token.1',
      'Bearer access.token.2',
    ]);
  });

  it("keeps a Request's own headers and body, replacing only the credentials", async () => {
    const send = bound(tokens());
    const request = new Request(`${mcp.origin}/mcp`, {
      method: 'POST',
      body: '{"jsonrpc":"2.0"}',
      headers: {
        'content-type': 'application/json',
        'mcp-session-id': 'S1',
        authorization: 'Bearer not-ours',
      },
    });
    expect((await send(request)).status).toBe(200);
    const [received] = mcp.seen;
    expect(received?.method).toBe('POST');
    expect(received?.body).toBe('{"jsonrpc":"2.0"}');
    expect(received?.headers['content-type']).toBe('application/json');
    expect(received?.headers['mcp-session-id']).toBe('S1');
    expect(received?.headers.authorization).toBe('Bearer access.token.1');
    expect(received?.headers['x-act-assertion']).toBe('act.assertion.1');
  });

  it('lets init override a Request as fetch does', async () => {
    const request = new Request(`${mcp.origin}/mcp`, { headers: { 'mcp-session-id': 'S1' } });
    await bound(tokens())(request, { method: 'POST', body: 'from init' });
    expect(mcp.seen.map((r) => [r.method, r.body, r.headers['mcp-session-id']])).toEqual([
      ['POST', 'from init', 'S1'],
    ]);
  });

  it("refuses a 307 that would send a Request's body again, rather than sending it empty", async () => {
    const request = new Request(`${mcp.origin}/moved`, { method: 'POST', body: '{"a":1}' });
    await expect(bound(tokens())(request)).rejects.toThrow(RedirectRefusedError);
    await expect(
      bound(tokens())(new Request(`${mcp.origin}/moved`, { method: 'POST', body: '{"a":1}' })),
    ).rejects.toThrow(/body cannot be sent again/);
    expect(mcp.seen.map((r) => [r.path, r.body])).toEqual([
      ['/moved', '{"a":1}'],
      ['/moved', '{"a":1}'],
    ]);
  });

  it('follows a 303 after a Request with a body, as a GET with its headers', async () => {
    const request = new Request(`${mcp.origin}/see-other`, {
      method: 'POST',
      body: '{"a":1}',
      headers: { 'mcp-session-id': 'S1' },
    });
    expect((await bound(tokens())(request)).status).toBe(200);
    expect(mcp.seen.map((r) => [r.method, r.path, r.body, r.headers['mcp-session-id']])).toEqual([
      ['POST', '/see-other', '{"a":1}', 'S1'],
      ['GET', '/mcp', '', 'S1'],
    ]);
  });

  it('rejects on the 401 invalid_token of a Request with a body: its body cannot be sent again', async () => {
    const provider = tokens();
    const request = new Request(`${mcp.origin}/expired`, { method: 'POST', body: '{"a":1}' });
    await expect(bound(provider)(request)).rejects.toMatchObject({
      name: 'McpCallRefusedError',
      status: 401,
      failedSide: 'credentials',
    });
    expect(provider.calls).toHaveLength(1);
    expect(mcp.seen).toHaveLength(1);
  });

  it('renews a Request without a body and sends it again with its headers', async () => {
    const provider = tokens();
    const request = new Request(`${mcp.origin}/expired`, { headers: { 'mcp-session-id': 'S1' } });
    expect((await bound(provider)(request)).status).toBe(200);
    expect(mcp.seen.map((r) => [r.headers.authorization, r.headers['mcp-session-id']])).toEqual([
      ['Bearer access.token.1', 'S1'],
      ['Bearer access.token.2', 'S1'],
    ]);
  });
});
