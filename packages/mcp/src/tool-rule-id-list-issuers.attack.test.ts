import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { oktaTokenProfile } from '@dual-auth/adapter-okta';
import type { DualAuthAuditEvent } from '@dual-auth/core';
import {
  agentIn,
  cachedCheck,
  createDualAuthGuard,
  type DualAuthGuard,
  humanIn,
} from '@dual-auth/resource';
import { createRecordingLogger } from '@dual-auth/testing';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import express from 'express';
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { requireDualAuth } from './express/require-dual-auth.js';
import { dualAuthMcpHandler } from './fetch/dual-auth-mcp-handler.js';
import { type ToolRule, withToolRule } from './tool-rule.js';

// Attack (session 34): ids are unique only within their issuer. An MCP server whose guard trusts
// two IdPs, each with its own keys, took a tool rule `humanIn(['user-123'])` meant for IdP A's
// user: IdP B's admin named a user "user-123" in B's own tokens, and the tool ran for them. The
// guard refuses such a list at creation; the tool rule did not compare its lists with the guard's
// issuers at all.

const ISSUER_A = 'https://a.okta.test/oauth2/default';
const ISSUER_B = 'https://b.okta.test/oauth2/default';
// Org A's own authorization server: Okta gives it its own issuer and signing key, apart from the
// org's custom ones (https://developer.okta.com/docs/concepts/auth-servers/).
const ISSUER_A_ORG = 'https://a.okta.test';
const PUBLIC = new URL('https://mcp.example.com/mcp');
const NOW_MS = 1_800_000_000_000;

const signers: Record<string, CryptoKey> = {};
let keys: Map<string, ReturnType<typeof createLocalJWKSet>>;

beforeAll(async () => {
  keys = new Map();
  for (const issuer of [ISSUER_A, ISSUER_B, ISSUER_A_ORG]) {
    const pair = await generateKeyPair('RS256', { extractable: true });
    signers[issuer] = pair.privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'idp-1', alg: 'RS256' };
    keys.set(issuer, createLocalJWKSet({ keys: [jwk] }));
  }
}, 30_000);

/** Okta's token of `issuer` for agent 0oaAgent acting for its user `user-123`. */
function tokenOf(issuer: string): Promise<string> {
  const iat = Math.floor(NOW_MS / 1000);
  return new SignJWT({
    ver: 1,
    jti: `AT.${issuer}`,
    sub: '0oaAgent',
    cid: '0oaAgent',
    scp: ['finance.read'],
    act: { sub: 'user-123' },
  })
    .setProtectedHeader({ alg: 'RS256', kid: 'idp-1' })
    .setIssuer(issuer)
    .setAudience(PUBLIC.href)
    .setIssuedAt(iat)
    .setExpirationTime(iat + 3600)
    .sign(signers[issuer] as CryptoKey);
}

/** Serves `call` (the tool, given the request's `authInfo`) behind `guard`; sends it `token`. */
type Entry = (
  guard: DualAuthGuard,
  call: (authInfo: AuthInfo | undefined) => Promise<void>,
  token: string,
) => Promise<number>;

const throughMcpHandler: Entry = async (guard, call, token) => {
  const handle = dualAuthMcpHandler({ guard, resourceServerUrl: PUBLIC }, async (_, authInfo) => {
    await call(authInfo);
    return new Response('answered');
  });
  const response = await handle(
    new Request(PUBLIC, { method: 'POST', headers: { authorization: `Bearer ${token}` } }),
  );
  return response.status;
};

const throughRequireDualAuth: Entry = async (guard, call, token) => {
  const app = express();
  app.post('/mcp', requireDualAuth({ guard, resourceServerUrl: PUBLIC }), async (req, res) => {
    await call(req.auth);
    res.send('answered');
  });
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const response = await fetch(`http://127.0.0.1:${port}/mcp`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    await response.text();
    return response.status;
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
};

describe.each([
  ['dualAuthMcpHandler (fetch)', throughMcpHandler],
  ['requireDualAuth (Express)', throughRequireDualAuth],
] as const)('a tool rule behind %s whose guard trusts several identity providers', (_, entry) => {
  /**
   * The tool `pay` under `rule`, behind a guard trusting `issuers` (both IdPs): what a call with a
   * token of `issuer` gives, thrown or returned, and whether the tool ran.
   */
  async function callPay(
    rule: Omit<ToolRule, 'tool'>,
    issuer: string,
    issuers: readonly string[] = [ISSUER_A, ISSUER_B],
  ) {
    const guard = createDualAuthGuard({
      profile: oktaTokenProfile,
      issuer: issuers,
      audience: PUBLIC.href,
      keys: new Map([...keys].filter(([iss]) => issuers.includes(iss))),
      clock: { now: () => NOW_MS },
      agentAllowed: () => true,
      humanAllowed: () => true,
    });
    let ran = false;
    const pay = withToolRule(
      { tool: 'pay', ...rule },
      async (_extra: { authInfo: AuthInfo | undefined }) => {
        ran = true;
        return { content: [{ type: 'text' as const, text: 'paid' }] };
      },
    );
    let outcome: CallToolResult | Error | undefined;
    const call = async (authInfo: AuthInfo | undefined) => {
      outcome = await pay({ authInfo }).catch((error: Error) => error);
    };
    expect(await entry(guard, call, await tokenOf(issuer))).toBe(200);
    return { outcome, ran };
  }

  const UNSCOPED = /humanIn\(ids, \{ issuer \}\)/;

  it("refuses an id list without an issuer: IdP B's user-123 does not run the tool", async () => {
    const { outcome, ran } = await callPay(
      { agentAllowed: () => true, humanAllowed: humanIn(['user-123']) },
      ISSUER_B,
    );
    expect(ran).toBe(false);
    expect(outcome).toBeInstanceOf(TypeError);
    expect((outcome as Error).message).toMatch(UNSCOPED);
    expect((outcome as Error).message).toMatch(/^withToolRule 'pay': rule\.humanAllowed is/);
  }, 30_000);

  // Session 39 (tenants): issuers on one host counted as one IdP, so this list ran the tool.
  it("refuses an id list without an issuer behind one Okta org's two authorization servers", async () => {
    const { outcome, ran } = await callPay(
      { agentAllowed: () => true, humanAllowed: humanIn(['user-123']) },
      ISSUER_A_ORG,
      [ISSUER_A, ISSUER_A_ORG],
    );
    expect(ran).toBe(false);
    expect(outcome).toBeInstanceOf(TypeError);
    expect((outcome as Error).message).toMatch(UNSCOPED);
  }, 30_000);

  it('refuses one wrapped by cachedCheck too, and an unscoped agentIn', async () => {
    const cached = await callPay(
      {
        agentAllowed: () => true,
        humanAllowed: cachedCheck(humanIn(['user-123']), { ttlMs: 60_000, key: 'human' }),
      },
      ISSUER_A,
    );
    expect(cached.ran).toBe(false);
    expect((cached.outcome as Error).message).toMatch(UNSCOPED);
    const agent = await callPay(
      { agentAllowed: agentIn(['0oaAgent']), humanAllowed: () => true },
      ISSUER_A,
    );
    expect(agent.ran).toBe(false);
    expect((agent.outcome as Error).message).toMatch(/agentIn\(ids, \{ issuer \}\)/);
  }, 30_000);

  // Session 35 (smalls): the refused call reached the MCP SDK as an isError result, and the
  // operator's audit trail had no record of the agent's call for the human.
  it('audits the refused call as the guard audits a check that threw: one DENY, ids only', async () => {
    const logger = createRecordingLogger();
    const decisions: DualAuthAuditEvent[] = [];
    const { outcome, ran } = await callPay(
      {
        agentAllowed: () => true,
        humanAllowed: humanIn(['user-123']),
        logger,
        onDecision: (event) => {
          decisions.push(event);
        },
      },
      ISSUER_B,
    );
    expect(ran).toBe(false);
    expect(outcome).toBeInstanceOf(TypeError);
    expect(decisions).toEqual([
      expect.objectContaining({
        event: 'dual_auth_decision',
        decision: 'DENY',
        status: 503,
        route: 'tools/pay',
        identities: 'verified',
        agent_id: '0oaAgent',
        human_id: 'user-123',
        failed_side: 'human',
        reason: 'human_check_unavailable',
        policy_basis: ['agent:authorized', 'human:check_failed TypeError'],
      }),
    ]);
    const audited = logger.records.filter(({ event }) => event === 'dual_auth_decision');
    expect(audited).toEqual([expect.objectContaining({ level: 'warn' })]);
    // The error's class only: the message (issuers, option names) stays in the thrown TypeError.
    expect(JSON.stringify(logger.records)).not.toContain('issuer');
  }, 30_000);

  it("runs a list scoped to IdP A for A's user-123 only", async () => {
    const rule = {
      agentAllowed: () => true,
      humanAllowed: humanIn(['user-123'], { issuer: ISSUER_A }),
    };
    expect(await callPay(rule, ISSUER_A)).toMatchObject({ ran: true });
    const other = await callPay(rule, ISSUER_B);
    expect(other.ran).toBe(false);
    const [refusal] = (other.outcome as CallToolResult).content as { text: string }[];
    expect(JSON.parse(refusal?.text as string)).toMatchObject({ failed_side: 'human' });
  }, 30_000);
});
