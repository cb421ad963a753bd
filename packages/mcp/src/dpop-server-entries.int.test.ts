import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { oktaTokenProfile } from '@dual-auth/adapter-okta';
import { createDualAuthGuard } from '@dual-auth/resource';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import express from 'express';
import {
  base64url,
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  type JWK,
  SignJWT,
} from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INITIALIZE } from '../test/support/stateful-sessions.js';
import { serveWhoami } from '../test/support/whoami-mcp.js';
import { dualAuthMcpHandler } from './fetch/dual-auth-mcp-handler.js';

// RFC 9449 §7.1, §8.2, §9: a real MCP SDK server behind requireDualAuth, whose guard checks DPoP
// proofs and requires its nonces (`dpop.nonce`, rotating every maxAgeSeconds / 2 on an injected
// clock). A DPoP-bound token (cnf.jkt of the client's key, RFC 9449 §6.1) sent with the DPoP
// scheme reaches the tool handler, and an admission whose proof carried the last step's nonce
// answers with the new one in `DPoP-Nonce`, so the client needs no use_dpop_nonce round trip.

const ISSUER = 'https://example.okta.test/oauth2/aus123';
const PUBLIC = new URL('https://mcp.example.com/mcp');
const MAX_AGE_SECONDS = 60;
const START_MS = 1_800_000_000_000;

let now = START_MS;
let url: string;
let token: string;
let proofKey: { privateKey: CryptoKey; jwk: JWK };
let close: () => Promise<void>;
let guard: ReturnType<typeof createDualAuthGuard>;

beforeAll(async () => {
  const idp = await generateKeyPair('RS256', { extractable: true });
  const idpJwk = { ...(await exportJWK(idp.publicKey)), kid: 'idp-1', alg: 'RS256' };
  const pair = await generateKeyPair('ES256', { extractable: true });
  proofKey = { privateKey: pair.privateKey, jwk: await exportJWK(pair.publicKey) };
  const iat = Math.floor(START_MS / 1000);
  token = await new SignJWT({
    ver: 1,
    jti: 'AT.dpop',
    sub: '0oaAgent',
    cid: '0oaAgent',
    scp: ['finance.read'],
    act: { sub: '00uUser123' },
    cnf: { jkt: await calculateJwkThumbprint(proofKey.jwk, 'sha256') },
  })
    .setProtectedHeader({ alg: 'RS256', kid: 'idp-1' })
    .setIssuer(ISSUER)
    .setAudience(PUBLIC.href)
    .setIssuedAt(iat)
    .setExpirationTime(iat + 3600)
    .sign(idp.privateKey);
  guard = createDualAuthGuard({
    profile: oktaTokenProfile,
    issuer: ISSUER,
    audience: PUBLIC.href,
    keys: idpJwk,
    clock: { now: () => now },
    agentAllowed: () => true,
    humanAllowed: () => true,
    dpop: {
      // The server listens on loopback; clients call it at its public URL.
      publicBaseUrl: PUBLIC.origin,
      nonce: {
        secret: crypto.getRandomValues(new Uint8Array(32)),
        maxAgeSeconds: MAX_AGE_SECONDS,
      },
    },
  });
  const app = express();
  serveWhoami(app, '/mcp', { resourceServerUrl: PUBLIC, guard });
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`;
  close = () => new Promise((resolve) => server.close(() => resolve()));
});
afterAll(() => close?.());

async function proof(method: string, nonce: string | undefined): Promise<string> {
  const ath = base64url.encode(
    new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token))),
  );
  return new SignJWT({
    jti: crypto.randomUUID(),
    htm: method,
    htu: PUBLIC.href,
    iat: Math.floor(now / 1000),
    ath,
    ...(nonce === undefined ? {} : { nonce }),
  })
    .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: proofKey.jwk })
    .sign(proofKey.privateKey);
}

/** The MCP `initialize` request, sent with the DPoP scheme and a proof carrying `nonce`. */
async function initialize(nonce: string | undefined, scheme = 'DPoP '): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: {
      authorization: `${scheme}${token}`,
      dpop: await proof('POST', nonce),
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
    },
    body: JSON.stringify(INITIALIZE),
  });
}

describe('requireDualAuth with a guard that checks DPoP proofs and rotates its nonces', () => {
  let first: string;

  it('asks for a nonce, then admits the MCP request whose proof carries it', async () => {
    const asked = await initialize(undefined);
    await asked.body?.cancel();
    expect(asked.status).toBe(401);
    expect(asked.headers.get('www-authenticate')).toMatch(/^DPoP error="use_dpop_nonce"/);
    first = asked.headers.get('dpop-nonce') as string;
    expect(first).toMatch(/^[\w-]{55}$/);

    const admitted = await initialize(first);
    expect(admitted.status).toBe(200);
    expect(admitted.headers.get('dpop-nonce')).toBeNull();
    expect(await admitted.json()).toMatchObject({
      id: 1,
      result: { serverInfo: { name: 'finance' } },
    });
  });

  it('once the nonce rotated, the admission carries the new one (RFC 9449 §8.2)', async () => {
    now += (MAX_AGE_SECONDS / 2) * 1000;
    const admitted = await initialize(first);
    expect(admitted.status).toBe(200);
    const next = admitted.headers.get('dpop-nonce');
    expect(next).toMatch(/^[\w-]{55}$/);
    expect(next).not.toBe(first);
    expect(await admitted.json()).toMatchObject({
      id: 1,
      result: { serverInfo: { name: 'finance' } },
    });
  });

  it("the MCP SDK's client reaches the tool with the verified human, keeping the nonces it is sent", async () => {
    let nonce: string | undefined;
    const seen: (string | null)[] = [];
    const dpopFetch: typeof fetch = async (_input, init) => {
      const headers = new Headers(init?.headers);
      headers.set('authorization', `DPoP ${token}`);
      const method = init?.method ?? 'GET';
      headers.set('dpop', await proof(method, nonce));
      const response = await fetch(url, { ...init, headers });
      seen.push(response.headers.get('dpop-nonce'));
      nonce = response.headers.get('dpop-nonce') ?? nonce;
      return response;
    };
    now += (MAX_AGE_SECONDS / 2) * 1000;
    const client = new Client({ name: 'finance-agent', version: '1.0.0' });
    // The first request has no nonce: the SDK sees the 401; the next one carries it.
    await expect(
      client.connect(new StreamableHTTPClientTransport(new URL(url), { fetch: dpopFetch })),
    ).rejects.toThrow();
    expect(nonce).toMatch(/^[\w-]{55}$/);
    await client.connect(new StreamableHTTPClientTransport(new URL(url), { fetch: dpopFetch }));
    try {
      const result = (await client.callTool({ name: 'whoami', arguments: {} })) as CallToolResult;
      expect(result.isError).toBeFalsy();
      expect(JSON.parse((result.content[0] as { text: string }).text)).toEqual({
        human: '00uUser123',
      });
    } finally {
      await client.close();
    }
    expect(seen.length).toBeGreaterThan(2);
  });

  // Mend (Session 16, mend16): the token is read from the header as the guard admitted it, as
  // dualAuthMcpHandler reads it; it was handed to the SDK's Bearer reader, which answered 401.
  it('admits the token the guard admitted, sent with more than one space after DPoP', async () => {
    const asked = await initialize(undefined, 'dpop   ');
    await asked.body?.cancel();
    expect(asked.status).toBe(401);
    const admitted = await initialize(asked.headers.get('dpop-nonce') ?? undefined, 'dpop   ');
    expect(admitted.status).toBe(200);
    expect(await admitted.json()).toMatchObject({
      id: 1,
      result: { serverInfo: { name: 'finance' } },
    });
  });
});

// The fetch handler already set the admission's headers (answerAdmitted); the token it hands the
// MCP SDK is the token alone, whichever scheme carried it.
describe('dualAuthMcpHandler with the same guard', () => {
  it('hands the SDK the token without its DPoP scheme, and sends a rotated nonce', async () => {
    const asked = await guard.checkRequest(
      new Request(PUBLIC, {
        method: 'POST',
        headers: { authorization: `DPoP ${token}`, dpop: await proof('POST', undefined) },
      }),
    );
    expect(asked).toMatchObject({ status: 401, body: { error: 'use_dpop_nonce' } });
    const nonce = asked.headers?.['dpop-nonce'];
    now += (MAX_AGE_SECONDS / 2) * 1000;
    const tokens: string[] = [];
    const handle = dualAuthMcpHandler(
      { guard, resourceServerUrl: PUBLIC },
      (_request, authInfo) => {
        tokens.push(authInfo.token);
        return Response.json({ ok: true });
      },
    );
    const response = await handle(
      new Request(PUBLIC, {
        method: 'POST',
        headers: { authorization: `DPoP ${token}`, dpop: await proof('POST', nonce) },
        body: '{}',
      }),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('dpop-nonce')).toMatch(/^[\w-]{55}$/);
    expect(response.headers.get('dpop-nonce')).not.toBe(nonce);
    expect(tokens).toEqual([token]);
  });
});
