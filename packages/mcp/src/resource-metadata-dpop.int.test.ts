import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extractWWWAuthenticateParams } from '@modelcontextprotocol/sdk/client/auth.js';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
// The repo's RFC 9110 §11.6.1 reader: one entry per challenge, each with its own auth-params.
import { parseWwwAuthenticate } from '../../client/src/www-authenticate.js';
import { offlineGuard } from '../test/support/offline-guard.js';
import { requireDualAuth } from './express/require-dual-auth.js';
import { dualAuthMcpHandler } from './fetch/dual-auth-mcp-handler.js';

// RFC 9728 §5.1 with a guard that has `dpop` (RFC 9449 §7.1): a refusal challenges twice
// (`Bearer …, DPoP algs="…"`) unless the request used the DPoP scheme. The metadata pointer is an
// auth-param, so it belongs to one challenge: each challenge carries it. The MCP SDK's client
// (`extractWWWAuthenticateParams`, used by its transports' auth flow and by dualAuthFetch to find
// metadata served elsewhere) reads a field only when its first word is exactly `Bearer`, then the
// first `resource_metadata=` anywhere in it.

const resourceServerUrl = new URL('https://mcp.example.com/mcp');
const METADATA = 'https://mcp.example.com/.well-known/oauth-protected-resource/mcp';
const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln';

const guard = () => offlineGuard(resourceServerUrl, { dpop: { algorithms: ['ES256'] } });

const servers: ReturnType<typeof createServer>[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function throughRequireDualAuth(headers: Record<string, string>): Promise<Response> {
  const app = express();
  app.post('/mcp', requireDualAuth({ guard: guard(), resourceServerUrl }), (_req, res) => {
    res.json({ ok: true });
  });
  const server = createServer(app);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return fetch(`http://127.0.0.1:${port}/mcp`, { method: 'POST', headers, body: '{}' });
}

async function throughMcpHandler(headers: Record<string, string>): Promise<Response> {
  const handle = dualAuthMcpHandler({ guard: guard(), resourceServerUrl }, () =>
    Response.json({ ok: true }),
  );
  return handle(new Request(resourceServerUrl, { method: 'POST', headers, body: '{}' }));
}

const BEARER_FIRST = [
  { name: 'no credentials (the discovery request)', headers: {}, status: 401 },
  { name: 'a Bearer token that does not verify', headers: { authorization: `Bearer ${JWT}` } },
  { name: 'a malformed Bearer header', headers: { authorization: 'Bearer a b' }, status: 400 },
];

describe.each([
  ['requireDualAuth (Express)', throughRequireDualAuth],
  ['dualAuthMcpHandler (fetch)', throughMcpHandler],
] as const)('RFC 9728 §5.1 pointer with dpop on, through %s', (_, send) => {
  it.each(BEARER_FIRST)('$name: both challenges carry it; the MCP SDK finds it', async (row) => {
    const response = await send(row.headers);
    await response.body?.cancel();
    expect(response.status).toBe(row.status ?? 401);
    expect(extractWWWAuthenticateParams(response).resourceMetadataUrl?.href).toBe(METADATA);
    const field = response.headers.get('www-authenticate') ?? '';
    const challenges = parseWwwAuthenticate(field);
    expect(challenges?.map((c) => [c.scheme, c.params.get('resource_metadata')])).toEqual([
      ['bearer', METADATA],
      ['dpop', METADATA],
    ]);
    expect(challenges?.[1]?.params.get('algs')).toBe('ES256');
  });

  it('a DPoP request refused: its one DPoP challenge carries it', async () => {
    const response = await send({ authorization: `DPoP ${JWT}` });
    await response.body?.cancel();
    expect(response.status).toBe(401);
    const challenges = parseWwwAuthenticate(response.headers.get('www-authenticate') ?? '');
    expect(challenges?.map((c) => [c.scheme, c.params.get('resource_metadata')])).toEqual([
      ['dpop', METADATA],
    ]);
    expect(challenges?.[0]?.params.get('error')).toBe('invalid_dpop_proof');
  });
});
