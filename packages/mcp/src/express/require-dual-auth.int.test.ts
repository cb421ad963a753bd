import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isInvalidTokenChallenge } from '@dual-auth/client';
import type { DualAuthGuard, DualSubject, GuardDecision, GuardInput } from '@dual-auth/resource';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { requireDualAuth } from './require-dual-auth.js';

// The guard is the injected seam: these tests pin what the middleware does with each decision
// (the real guard against every vendor's IdP runs in examples/mcp-client).
function guardAnswering(decision: Partial<GuardDecision>) {
  const inputs: GuardInput[] = [];
  const guard = {
    async check(input: GuardInput) {
      inputs.push(input);
      return decision as GuardDecision;
    },
    checkRequest: async () => decision as GuardDecision,
  } satisfies DualAuthGuard;
  return { guard, inputs };
}

const denial = (status: 401 | 503, error: string, description: string) => ({
  decision: 'DENY' as const,
  status,
  headers: { 'cache-control': 'no-store' },
  body: { error, error_description: description },
});

const servers: ReturnType<typeof createServer>[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function start(guard: DualAuthGuard, status = 200): Promise<string> {
  const app = express();
  const resourceServerUrl = new URL('https://mcp.example.com/mcp');
  app.post('/mcp', requireDualAuth({ guard, resourceServerUrl }), (_req, res) => {
    res.status(status).json({ ok: status < 400 });
  });
  const server = createServer(app);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`;
}

describe('requireDualAuth', () => {
  it('answers 503 when the guard could not reach the keys or the replay store', async () => {
    const { guard } = guardAnswering(
      denial(503, 'temporarily_unavailable', 'The credentials could not be checked right now'),
    );
    const response = await fetch(await start(guard), {
      method: 'POST',
      headers: { authorization: 'Bearer a.b.c' },
    });
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ error: 'temporarily_unavailable' });
  });

  it('keeps the 401 challenge readable when the reason quotes a claim', async () => {
    const { guard } = guardAnswering(
      denial(401, 'invalid_token', 'Token has no "act" claim: the human is missing'),
    );
    const response = await fetch(await start(guard), {
      method: 'POST',
      headers: { authorization: 'Bearer a.b.c' },
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe(
      `Bearer error="invalid_token", error_description="Token has no 'act' claim: the human is missing", resource_metadata="https://mcp.example.com/.well-known/oauth-protected-resource/mcp"`,
    );
    expect(isInvalidTokenChallenge(response)).toBe(true);
  });

  it('hands the guard every Authorization line, so a repeated credential is seen', async () => {
    const { guard, inputs } = guardAnswering(denial(401, 'invalid_token', 'repeated'));
    const url = new URL(await start(guard));
    // fetch joins repeated headers itself; node:http sends the two lines as they are.
    await new Promise<void>((resolve, reject) => {
      const req = httpRequest(url, { method: 'POST' }, (res) => {
        res.resume();
        res.on('end', resolve);
      });
      req.on('error', reject);
      req.setHeader('authorization', ['Bearer a.b.c', 'Bearer d.e.f']);
      req.end();
    });
    expect(inputs[0]?.authorization).toBe('Bearer a.b.c, Bearer d.e.f');
  });

  it('refuses an Authorization the MCP SDK cannot read before the guard decides (no ALLOW audited)', async () => {
    const { guard, inputs } = guardAnswering({ decision: 'ALLOW', status: 200 });
    const response = await fetch(await start(guard), {
      method: 'POST',
      headers: { authorization: 'Bearer  a.b.c' },
    });
    expect(response.status).toBe(401);
    expect(isInvalidTokenChallenge(response)).toBe(true);
    expect(inputs).toHaveLength(0);
  });

  it('has an admission audited with the status the MCP server answered', async () => {
    let recorded: (status: number | null) => void = () => {};
    const status = new Promise<number | null>((resolve) => {
      recorded = resolve;
    });
    const { guard, inputs } = guardAnswering({
      decision: 'ALLOW',
      status: 200,
      subject: {
        agent: { id: 'agent-1', scopes: [], raw: { exp: Math.floor(Date.now() / 1000) + 3600 } },
        human: { sub: 'human-1' },
        chain: [],
      } as unknown as DualSubject,
      recordStatus: async (answered) => recorded(answered),
    });
    const response = await fetch(await start(guard, 404), {
      method: 'POST',
      headers: { authorization: 'Bearer a.b.c' },
    });
    expect(response.status).toBe(404);
    expect(inputs[0]?.reportsStatus).toBe(true);
    expect(await status).toBe(404);
  });
});
