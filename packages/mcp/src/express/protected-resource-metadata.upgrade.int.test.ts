// An upgrade lock-out (upgrade review, session 10): an Express MCP server of this package whose
// resourceServerUrl ends in a slash served its clients on main; dualAuthFetch now refuses it.
// A real Express server on loopback (plain HTTP, `allowInsecureLoopback`); tokens are unsigned
// stand-ins (the client only reads their `aud`, the stub endpoint only checks one is there).

import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dualAuthFetch } from '../client/dual-auth-fetch.js';
import { protectedResourceMetadataRouter } from './protected-resource-metadata.js';

const segment = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

let server: Server;
let resourceServerUrl: URL;

beforeAll(async () => {
  const app = express();
  server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const { port } = server.address() as AddressInfo;
  resourceServerUrl = new URL(`http://127.0.0.1:${port}/mcp/`);
  app.use(protectedResourceMetadataRouter({ resourceServerUrl, issuer: 'https://idp.example' }));
  app.post('/mcp/', (req, res) => {
    if (req.headers.authorization === undefined) res.status(401).end();
    else res.json({ ok: true });
  });
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe('dualAuthFetch to an Express MCP server after the upgrade', () => {
  it('reaches a server whose resourceServerUrl ends in a slash (/mcp/), at that URL', async () => {
    const accessToken = `${segment({ alg: 'none' })}.${segment({ aud: resourceServerUrl.href })}.sig`;
    const send = dualAuthFetch({
      origin: resourceServerUrl,
      allowInsecureLoopback: true,
      tokenProvider: {
        getToken: async () => ({
          accessToken,
          tokenType: 'Bearer',
          expiresIn: 300,
          expiresAt: Date.now() + 300_000,
          scope: 'finance.read',
        }),
      },
    });
    const response = await send(resourceServerUrl, { method: 'POST', body: '{}' });
    expect(response.status).toBe(200);
  });
});
