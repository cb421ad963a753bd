import type { LocalIdp, TestHttpsServer } from '@dual-auth/testing';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startExpressMcp } from '../test/support/express-mcp.js';
import { closeLocalMcp } from '../test/support/local-mcp.js';
import { exchangedAccessToken } from '../test/support/token-exchange-idp.js';
import { requireDualAuth } from './express/index.js';
import { McpSessionBinding, type McpSessionOwnerStore } from './mcp-session-binding.js';

// Attack (session 36, attack3): a shared owner store written over Redis answers `ownerOf` with
// what `GET` answers for a missing key, `null`, not `undefined`. The binding then read
// `null.startsWith` and threw: every request naming an unknown or ended session (a client whose
// session expired, anyone guessing ids) got Express's 500 page instead of the MCP answer 404
// "Session not found", on which the SDK's client opens a new session. An owner that is no string
// is now an unknown session.

const owners = new Map<string, string>();
/** A store as one over Redis reads: `null` for a session it holds no owner for. */
const redisLike: McpSessionOwnerStore = {
  open: async (sessionId, owner) => {
    owners.set(sessionId, owner);
    return true;
  },
  ownerOf: async (sessionId) => (owners.get(sessionId) ?? null) as never,
  forget: async (sessionId) => void owners.delete(sessionId),
};

let idp: LocalIdp;
let server: TestHttpsServer;
let mcpUrl: URL;
beforeAll(async () => {
  ({ server, mcpUrl, idp } = await startExpressMcp((guard, resourceServerUrl) => {
    const ownerDigestKey = crypto.getRandomValues(new Uint8Array(32));
    const sessions = new McpSessionBinding({ store: redisLike, ownerDigestKey });
    const app = express();
    app.all('/mcp', requireDualAuth({ guard, resourceServerUrl, sessions }), (_req, res) => {
      res.status(200).json({ reached: 'the app' });
    });
    return app;
  }));
});
afterAll(() => closeLocalMcp({ server, idp }));

describe('a shared owner store that answers null for a session it does not hold', () => {
  it('a request naming such a session is answered 404 Session not found, not 500', async () => {
    const token = await exchangedAccessToken(idp, 'finance-agent', 'alice');
    const response = await server.fetch(mcpUrl, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'mcp-session-id': crypto.randomUUID(),
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({
      error: { code: -32001, message: 'Session not found' },
    });
  }, 30_000);
});
