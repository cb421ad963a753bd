// journey12: an MCP server (finance tools) behind @dual-auth, an agent (MCP client) with RFC 8693
// token exchange, against the local IdP of @dual-auth/testing. Written from the READMEs.
import { oauthPlugin, oauthTokenProfile } from '@dual-auth/adapter-oauth';
import { createAdapter } from '@dual-auth/core';
import { getDualSubject, withToolRule } from '@dual-auth/mcp';
import { dualAuthFetch } from '@dual-auth/mcp/client';
import { protectedResourceMetadataRouter, requireDualAuth } from '@dual-auth/mcp/express';
import { agentIn, createDualAuthGuard, humanIn } from '@dual-auth/resource';
import { InSessionTokenRequest } from '@dual-auth/session';
import { runWithAct } from '@dual-auth/session/context';
import {
  createTestCa,
  createTrustingFetch,
  startHttpsServer,
  startLocalIdp,
} from '@dual-auth/testing';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import express from 'express';

const say = (...parts) => process.stdout.write(`${parts.join(' ')}\n`);

export async function startStack({ audits = [], extraGuard = {}, mcpPort } = {}) {
  const ca = await createTestCa();
  const trustingFetch = createTrustingFetch(ca.caPem);
  let app;
  const hooks = { front: null };
  const server = await startHttpsServer(
    (req, res) => (hooks.front?.(req, res) ? undefined : app?.(req, res)),
    { ca, ...(mcpPort ? { port: mcpPort } : {}) },
  );
  const mcpUrl = new URL(`${server.url}/mcp`);
  const idp = await startLocalIdp({ vendor: 'oauth', ca, audience: mcpUrl.href });
  const byName = (n) => [...idp.humans.values()].find((h) => h.username === n);
  const alice = byName('alice');
  const bob = byName('bob');
  const guard = createDualAuthGuard({
    profile: oauthTokenProfile,
    layout: 'rfc8693',
    issuer: idp.issuer,
    audience: mcpUrl.href,
    jwksUri: idp.jwksUrl,
    fetch: idp.fetch,
    agentAllowed: agentIn(['finance-agent']),
    humanAllowed: humanIn([alice.sub]),
    onDecision: (e) => audits.push(e),
    ...extraGuard,
  });
  const ledger = new Map([
    [alice.sub, 1234.56],
    [bob.sub, 99],
  ]);
  const exp = express();
  exp.use(protectedResourceMetadataRouter({ resourceServerUrl: mcpUrl, issuer: idp.issuer }));
  exp.post(
    '/mcp',
    requireDualAuth({ guard, resourceServerUrl: mcpUrl }),
    express.json(),
    async (req, res) => {
      const mcp = new McpServer({ name: 'finance', version: '1.0.0' });
      mcp.registerTool(
        'balance',
        {},
        withToolRule(
          {
            tool: 'balance',
            agentAllowed: agentIn(['finance-agent']),
            humanAllowed: humanIn([alice.sub]),
          },
          async (extra) => {
            const s = getDualSubject(extra.authInfo);
            return {
              content: [
                {
                  type: 'text',
                  text: JSON.stringify({
                    human: s?.human.sub,
                    agent: s?.agent.id,
                    balance: ledger.get(s?.human.sub),
                  }),
                },
              ],
            };
          },
        ),
      );
      const transport = new StreamableHTTPServerTransport({});
      res.on('close', () => void transport.close());
      await mcp.connect(transport);
      await transport.handleRequest(req, res, req.body);
    },
  );
  app = exp;
  return {
    ca,
    trustingFetch,
    server,
    mcpUrl,
    idp,
    alice,
    bob,
    guard,
    audits,
    hooks,
    appRef: (req, res) => app(req, res),
  };
}

export async function agentFor(stack, extra = {}) {
  const env = {
    ...stack.idp.env(),
    OAUTH_MODE: 'token-exchange',
    OAUTH_RESOURCE: stack.mcpUrl.href,
    OAUTH_ISSUER: stack.idp.issuer,
  };
  const adapter = await createAdapter(undefined, {
    plugins: [oauthPlugin],
    env,
    fetch: stack.idp.fetch,
  });
  const fetch = dualAuthFetch({
    origin: stack.mcpUrl,
    tokenRequest: new InSessionTokenRequest({ adapter }),
    agentId: 'finance-agent',
    scope: ['finance.read'],
    fetch: stack.trustingFetch,
    ...extra,
  });
  return { adapter, fetch };
}

export async function callBalance(stack, fetch, human, subjectToken) {
  return runWithAct(
    { sub: human.sub },
    async () => {
      const client = new Client({ name: 'finance-agent', version: '1.0.0' });
      await client.connect(new StreamableHTTPClientTransport(stack.mcpUrl, { fetch }));
      try {
        return await client.callTool({ name: 'balance', arguments: {} });
      } finally {
        await client.close();
      }
    },
    { subjectToken },
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const stack = await startStack();
  const { fetch } = await agentFor(stack);
  const { createSubjectToken } = await import('@dual-auth/core');
  const tokA = createSubjectToken(await stack.idp.issueSubjectToken({ human: 'alice' }));
  say('alice:', JSON.stringify(await callBalance(stack, fetch, stack.alice, tokA)));
  const tokB = createSubjectToken(await stack.idp.issueSubjectToken({ human: 'bob' }));
  try {
    say('bob:', JSON.stringify(await callBalance(stack, fetch, stack.bob, tokB)));
  } catch (e) {
    say('bob error:', String(e));
  }
  say(stack.audits.map((a) => `${a.decision} ${a.reason} ${a.status}`).join('\n'));
  await stack.idp.close();
  await stack.server.close();
}
