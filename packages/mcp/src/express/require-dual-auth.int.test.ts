import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isInvalidTokenChallenge } from '@dual-auth/client';
import {
  bearerChallenge,
  type DualAuthGuard,
  type DualSubject,
  type GuardDecision,
} from '@dual-auth/resource';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { guardAnswering } from '../../test/support/guard-answering.js';
import { requireDualAuth } from './require-dual-auth.js';

/** A refusal, with the guard's `challenge` when it has one (401, 403). */
const denial = (
  status: 400 | 401 | 499 | 503,
  error: string,
  description: string,
  challenge?: string,
) => ({
  decision: 'DENY' as const,
  status,
  headers: {
    'cache-control': 'no-store',
    ...(challenge === undefined ? {} : { 'www-authenticate': challenge }),
  },
  body: { error, error_description: description },
});

const POINTER =
  'resource_metadata="https://mcp.example.com/.well-known/oauth-protected-resource/mcp"';

/** An admission without `recordStatus` (a test adds its own), of a token issued for the server. */
const admitted: Partial<GuardDecision> = {
  decision: 'ALLOW',
  status: 200,
  subject: {
    agent: {
      id: 'agent-1',
      scopes: [],
      raw: { exp: Math.floor(Date.now() / 1000) + 3600, aud: 'https://mcp.example.com/mcp' },
    },
    human: { sub: 'human-1' },
    chain: [],
  } as unknown as DualSubject,
};

/** A guard admitting every request as `subject`, and the status its record was written with. */
function admittingGuard(subject = admitted.subject as DualSubject) {
  let recorded: (status: number | null) => void = () => {};
  const status = new Promise<number | null>((resolve) => {
    recorded = resolve;
  });
  const answering = guardAnswering({
    ...admitted,
    subject,
    recordStatus: async (answered) => recorded(answered),
  });
  return { ...answering, status };
}

const servers: ReturnType<typeof createServer>[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

/** An MCP endpoint behind the middleware answering `status`; for `'stream'`, an open event stream. */
async function start(guard: DualAuthGuard, status: number | 'stream' = 200): Promise<string> {
  const app = express();
  const resourceServerUrl = new URL('https://mcp.example.com/mcp');
  app.post('/mcp', requireDualAuth({ guard, resourceServerUrl }), (_req, res) => {
    if (status === 'stream') {
      res.writeHead(200, { 'content-type': 'text/event-stream' }).write('data: 0\n\n');
      return;
    }
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

  // The guard saw the client go away (a 499 nobody hears): not handed to the MCP SDK, which would
  // answer it 401 invalid_token, a refusal of credentials that were never refused.
  it('answers a request its client aborted as the guard decided (499), not as an invalid token', async () => {
    const { guard } = guardAnswering(
      denial(499, 'request_aborted', 'The client closed the request'),
    );
    const response = await fetch(await start(guard), {
      method: 'POST',
      headers: { authorization: 'Bearer a.b.c' },
    });
    expect(response.status).toBe(499);
    expect(response.headers.get('www-authenticate')).toBeNull();
    expect(await response.json()).toMatchObject({ error: 'request_aborted' });
  });

  it("answers a refused token with the guard's challenge plus the metadata pointer", async () => {
    const description = 'Token has no "act" claim: the human is missing';
    const { guard } = guardAnswering(
      denial(
        401,
        'invalid_token',
        description,
        bearerChallenge({ error: 'invalid_token', description }),
      ),
    );
    const response = await fetch(await start(guard), {
      method: 'POST',
      headers: { authorization: 'Bearer a.b.c' },
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe(
      `Bearer error="invalid_token", error_description="Token has no 'act' claim: the human is missing", ${POINTER}`,
    );
    expect(isInvalidTokenChallenge(response)).toBe(true);
    expect(await response.json()).toEqual({
      error: 'invalid_token',
      error_description: description,
    });
  });

  // RFC 6750 §3.1: no error code for a request without authentication information; the MCP SDK's
  // own middleware wrote error="invalid_token", error_description="Missing Authorization header".
  it('answers a request without credentials with a bare challenge, the metadata pointer only', async () => {
    for (const authorization of [undefined, 'Basic dXNlcjpwYXNz', 'DPoP a.b.c']) {
      const { guard, inputs } = guardAnswering(
        denial(401, 'invalid_token', 'Missing Authorization header with a Bearer token', 'Bearer'),
      );
      const response = await fetch(await start(guard), {
        method: 'POST',
        headers: authorization === undefined ? {} : { authorization },
      });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe(`Bearer ${POINTER}`);
      expect(response.headers.get('access-control-expose-headers')).toBe('WWW-Authenticate');
      expect(isInvalidTokenChallenge(response)).toBe(false);
      expect(inputs.map((input) => input.authorization)).toEqual([authorization]);
    }
  });

  it('hands the guard every Authorization line, so a repeated credential is seen', async () => {
    const { guard, inputs } = guardAnswering(denial(400, 'invalid_request', 'repeated'));
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

  it('has an admitted Authorization the MCP SDK cannot read audited by the guard, then answered by the SDK', async () => {
    const { guard, inputs, status } = admittingGuard();
    const response = await fetch(await start(guard), {
      method: 'POST',
      headers: { authorization: 'Bearer  a.b.c' },
    });
    expect(response.status).toBe(401);
    expect(isInvalidTokenChallenge(response)).toBe(true);
    expect((await response.json()).error_description).toMatch(/expected 'Bearer TOKEN'/);
    expect(inputs.map((input) => input.authorization)).toEqual(['Bearer  a.b.c']);
    expect(await status).toBe(401);
  });

  it('audits the route with segments that may name a person redacted, and the X-Request-Id', async () => {
    const { guard, inputs } = guardAnswering(denial(401, 'invalid_token', 'expired'));
    const app = express();
    const resourceServerUrl = new URL('https://mcp.example.com/mcp');
    app.use('/mcp', requireDualAuth({ guard, resourceServerUrl }));
    const server = createServer(app);
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const requestId = crypto.randomUUID();
    await fetch(`http://127.0.0.1:${port}/mcp/alice@example.com/Alice%20Example`, {
      method: 'POST',
      headers: { authorization: 'Bearer a.b.c', 'x-request-id': requestId },
    });
    expect(inputs[0]).toMatchObject({ route: '/mcp/:redacted/:redacted', requestId });
  });

  it('has an admission audited with the status the MCP server answered', async () => {
    const { guard, inputs, status } = admittingGuard();
    const response = await fetch(await start(guard, 404), {
      method: 'POST',
      headers: { authorization: 'Bearer a.b.c' },
    });
    expect(response.status).toBe(404);
    expect(inputs[0]?.reportsStatus).toBe(true);
    expect(await status).toBe(404);
  });

  it('answers 401 invalid_token when a custom guard admits a token not issued for this server (attack review #7)', async () => {
    const subject = admitted.subject as DualSubject;
    const { guard, status } = admittingGuard({
      ...subject,
      agent: {
        ...subject.agent,
        raw: { ...subject.agent.raw, aud: 'https://api.example.com/finance' },
      },
    });
    const response = await fetch(await start(guard), {
      method: 'POST',
      headers: { authorization: 'Bearer a.b.c' },
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe(
      `Bearer error="invalid_token", error_description="The access token was not issued for this MCP server (RFC 8707)", resource_metadata="https://mcp.example.com/.well-known/oauth-protected-resource/mcp"`,
    );
    expect(await response.json()).toEqual({
      error: 'invalid_token',
      error_description: 'The access token was not issued for this MCP server (RFC 8707)',
    });
    expect(await status).toBe(401);
  });

  it('has a streamed answer audited as soon as its status is sent, while it is still open', async () => {
    const { guard, status } = admittingGuard();
    const hangUp = new AbortController();
    const response = await fetch(await start(guard, 'stream'), {
      method: 'POST',
      headers: { authorization: 'Bearer a.b.c' },
      signal: hangUp.signal,
    });
    try {
      await (response.body as ReadableStream<Uint8Array>).getReader().read();
      expect(await status).toBe(200);
    } finally {
      hangUp.abort();
    }
  });

  it('refuses a custom guard whose ALLOW has no recordStatus before the MCP server runs', async () => {
    const { guard } = guardAnswering(admitted);
    const app = express();
    let ran = false;
    app.post(
      '/mcp',
      requireDualAuth({ guard, resourceServerUrl: new URL('https://mcp.example.com/mcp') }),
      (_req, res) => {
        ran = true;
        res.json({});
      },
    );
    const server = createServer(app);
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const response = await fetch(`http://127.0.0.1:${port}/mcp`, {
      method: 'POST',
      headers: { authorization: 'Bearer a.b.c' },
    });
    expect(response.status).toBe(500);
    expect(ran).toBe(false);
  });
});
