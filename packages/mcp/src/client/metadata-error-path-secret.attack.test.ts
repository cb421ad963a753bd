import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import type { DualSubjectToken } from '@dual-auth/core';
import { afterEach, describe, expect, it } from 'vitest';
import { dualAuthFetch } from './dual-auth-fetch.js';

// A hosted MCP server puts a per-user key in its path (/api/mcp/s/<key>/mcp): the refusal's
// message shows the origin and a trimmed path only, and so must everything a log of the error
// prints (String, JSON, util.inspect with its cause chain).
const KEY = 'k3y-0f-th3-us3r-4bcd';
const PATH = `/api/mcp/s/${KEY}/mcp`;
const WELL_KNOWN = '/.well-known/oauth-protected-resource';

const segment = (value: object) => btoa(JSON.stringify(value)).replace(/=+$/, '');
const token = (aud: string): DualSubjectToken => ({
  accessToken: `${segment({ alg: 'none' })}.${segment({ aud, sub: 'agent' })}.sig`,
  tokenType: 'Bearer',
  expiresIn: 300,
  expiresAt: 2_000_000_000_000,
  scope: 'mcp',
});

const servers: ReturnType<typeof createServer>[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((done) => s.close(done))));
});

async function server(handler: (request: IncomingMessage, response: ServerResponse) => void) {
  const created = createServer(handler);
  servers.push(created);
  await new Promise<void>((listening) => created.listen(0, '127.0.0.1', listening));
  return `http://127.0.0.1:${(created.address() as AddressInfo).port}`;
}

async function refusal(base: string, resourceMetadataUrl?: string): Promise<Error> {
  const send = dualAuthFetch({
    origin: base,
    allowInsecureLoopback: true,
    tokenProvider: { getToken: async () => token(`${base}${PATH}`) },
    ...(resourceMetadataUrl === undefined ? {} : { resourceMetadataUrl }),
  });
  return send(`${base}${PATH}`, { method: 'POST', body: '{}' }).then(
    () => {
      throw new Error('sent');
    },
    (error: Error) => error,
  );
}

function expectNoKey(error: Error): void {
  for (const text of [
    error.message,
    String(error),
    JSON.stringify(error),
    inspect(error, { depth: 10 }),
  ]) {
    expect(text).not.toContain(KEY);
  }
}

describe("a metadata read that fails never shows the server path's key", () => {
  it('resourceMetadataUrl that redirects', async () => {
    const base = await server((_request, response) => {
      response.writeHead(302, { location: '/elsewhere' });
      response.end();
    });
    const error = await refusal(base, `${base}${WELL_KNOWN}${PATH}`);
    expect(error).toMatchObject({ reason: 'unreadable-metadata' });
    expectNoKey(error);
  });

  it.each([404, 500])('well-known metadata answered %i', async (status) => {
    const base = await server((_request, response) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end('{}');
    });
    expectNoKey(await refusal(base));
  });

  it('a document that is not RFC 9728 metadata', async () => {
    const base = await server((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ resource: 42, note: 'x' }));
    });
    expectNoKey(await refusal(base));
  });
});
