import { oauthTokenProfile } from '@dual-auth/adapter-oauth';
import { type Act, ApiCallError, createSubjectToken } from '@dual-auth/core';
import { createDualAuthGuard } from '@dual-auth/resource';
import { InSessionTokenRequest } from '@dual-auth/session';
import { runWithAct } from '@dual-auth/session/context';
import type { LocalIdp, TestHttpsServer } from '@dual-auth/testing';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeLocalMcp } from '../../test/support/local-mcp.js';
import { actOf, tokenExchangeAdapter } from '../../test/support/token-exchange-idp.js';
import { callWhoami, serveWhoami, startWhoamiMcp } from '../../test/support/whoami-mcp.js';
import { dualAuthFetch } from './dual-auth-fetch.js';
import { McpCallRefusedError } from './mcp-call-refused-error.js';

// dualAuthFetch against a real MCP server on loopback TLS whose guard refuses, tokens from the
// local IdP by token exchange (RFC 8693): a 401 after the one renewal, or a 403, rejects with a
// typed error saying which side failed and what to do, instead of a Response the transport
// reports as an unexplained HTTP error.

let idp: LocalIdp;
let server: TestHttpsServer;
let mcpUrl: URL;
/** The authorization headers each path received. */
const received: { path: string; authorization: string | undefined }[] = [];

beforeAll(async () => {
  const app = express();
  app.use((req, _res, next) => {
    received.push({ path: req.path, authorization: req.headers.authorization });
    next();
  });
  ({ server, mcpUrl, idp } = await startWhoamiMcp(app));
  const guardFor = (audience: string, agentAllowed: boolean) =>
    createDualAuthGuard({
      profile: oauthTokenProfile,
      layout: 'rfc8693',
      issuer: idp.issuer,
      audience,
      jwksUri: idp.jwksUrl,
      fetch: idp.fetch,
      agentAllowed: () => agentAllowed,
      humanAllowed: () => true,
    });
  // A server that lets no agent through: 403, failed_side agent.
  serveWhoami(app, '/no-agents/mcp', {
    resourceServerUrl: mcpUrl,
    guard: guardFor(mcpUrl.href, false),
  });
  // A server for another audience: this server's tokens are refused 401 invalid_token.
  const elsewhere = new URL('https://elsewhere.example/mcp');
  serveWhoami(app, '/elsewhere/mcp', {
    resourceServerUrl: elsewhere,
    guard: guardFor(elsewhere.href, true),
  });
}, 60_000);
afterAll(() => closeLocalMcp({ server, idp }));

async function agentFetch(): Promise<typeof fetch> {
  const inSession = new InSessionTokenRequest({
    adapter: await tokenExchangeAdapter(idp, 'finance-agent'),
  });
  return dualAuthFetch({
    origin: mcpUrl,
    tokenRequest: inSession,
    agentId: 'finance-agent',
    scope: ['finance.read'],
    fetch: server.fetch,
    // These servers serve no metadata of their own: their guard checks the audience.
    resourceMetadata: 'off',
  });
}

/** What calling `path`'s whoami as alice rejects with, unwrapped from the SDK's error. */
async function refusalAt(path: string): Promise<unknown> {
  const act: Act = actOf(idp, 'alice');
  const login = await idp.issueSubjectToken({ human: act.sub, audience: 'finance-agent' });
  const url = new URL(path, mcpUrl);
  const send = await agentFetch();
  const error = await runWithAct(act, () => callWhoami(send, url), {
    subjectToken: createSubjectToken(login),
  }).then(
    () => undefined,
    (e: unknown) => e,
  );
  return McpCallRefusedError.isInstance(error) ? error : (error as Error | undefined)?.cause;
}

describe('dualAuthFetch when the MCP server refuses', () => {
  it('a 403 rejects with McpCallRefusedError naming the agent side and what to do', async () => {
    const error = await refusalAt('/no-agents/mcp');
    expect(McpCallRefusedError.isInstance(error)).toBe(true);
    expect(ApiCallError.isInstance(error)).toBe(true);
    const refused = error as McpCallRefusedError;
    expect({
      status: refused.status,
      reason: refused.reason,
      failedSide: refused.failedSide,
      error: refused.error,
    }).toEqual({ status: 403, reason: 'status', failedSide: 'agent', error: 'insufficient_scope' });
    expect(refused.message).toContain(
      `POST ${new URL('/no-agents/mcp', mcpUrl).href} answered HTTP 403`,
    );
    expect(refused.message).toContain('failed side agent');
    expect(refused.message).toMatch(/grant the agent/);
  });

  it('a 401 after one renewal rejects with McpCallRefusedError on the credentials side', async () => {
    received.length = 0;
    const error = await refusalAt('/elsewhere/mcp');
    expect(McpCallRefusedError.isInstance(error)).toBe(true);
    const refused = error as McpCallRefusedError;
    expect([refused.status, refused.failedSide, refused.error]).toEqual([
      401,
      'credentials',
      'invalid_token',
    ]);
    expect(refused.message).toContain('after one token renewal');
    // The first token, then the renewed one: renewed once, then refused.
    const sent = received.filter((r) => r.path === '/elsewhere/mcp').map((r) => r.authorization);
    expect(sent).toHaveLength(2);
    expect(sent[0]).not.toBe(sent[1]);
    // No credential in the message or the error's JSON form.
    const token = (sent[1] ?? '').replace(/^Bearer /, '');
    expect(JSON.stringify(refused)).not.toContain(token);
    expect(refused.message).not.toContain(token);
  });
});
