import type { IncomingMessage, ServerResponse } from 'node:http';
import { type Act, createSubjectToken, type TokenProvider } from '@dual-auth/core';
import {
  actorIn,
  agentHasScope,
  type createDualAuthGuard,
  type DualAuthAuditEvent,
  type HopCheck,
  humanHasRole,
} from '@dual-auth/resource';
import { InSessionTokenRequest } from '@dual-auth/session';
import type { LocalIdp, TestHttpsServer } from '@dual-auth/testing';
import {
  discoverAuthorizationServerMetadata,
  discoverOAuthProtectedResourceMetadata,
  extractWWWAuthenticateParams,
  type OAuthClientProvider,
  UnauthorizedError,
} from '@modelcontextprotocol/sdk/client/auth.js';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { closeLocalMcp, startLocalMcp } from '../test/support/local-mcp.js';
import {
  actOf as humanOf,
  tokenExchangeAdapter,
  tokenExchangeGuard,
} from '../test/support/token-exchange-idp.js';
import { dualAuthFetch } from './client/index.js';
import { getDualSubject } from './dual-subject-auth-info.js';
import { protectedResourceMetadataRouter, requireDualAuth } from './express/index.js';
import { dualAuthMcpHandler, protectedResourceMetadataHandler } from './fetch/index.js';
import { type ToolRule, withToolRule } from './tool-rule.js';

// RFC 8693 token exchange (sub = the human, act.sub = the agent), issued by the local IdP's
// token-exchange grant to @dual-auth/adapter-oauth, checked by an MCP server through each entry.

const SCOPE = ['finance.read'];

/** The MCP server of one request: a `balance` tool answering what `authInfo` says. */
function financeServer(rule: Omit<ToolRule, 'tool'>): McpServer {
  const server = new McpServer({ name: 'finance', version: '1.0.0' });
  server.registerTool(
    'balance',
    { inputSchema: { account: z.string() } },
    withToolRule({ ...rule, tool: 'balance' }, async ({ account }, extra) => {
      const subject = getDualSubject(extra.authInfo);
      const answer = {
        account,
        clientId: extra.authInfo?.clientId,
        human: subject?.human.sub,
        layout: subject?.layout,
        chain: subject?.chain.map((link) => link.id),
      };
      return { content: [{ type: 'text', text: JSON.stringify(answer) }] };
    }),
  );
  return server;
}

interface EntryOptions {
  resourceServerUrl: URL;
  issuer: string;
  guard: ReturnType<typeof createDualAuthGuard>;
  rule: Omit<ToolRule, 'tool'>;
}

/** `requireDualAuth` before the SDK's Node transport, as examples/mcp-server does. */
function expressEntry(options: EntryOptions) {
  const app = express();
  const { resourceServerUrl, issuer } = options;
  app.use(protectedResourceMetadataRouter({ resourceServerUrl, issuer }));
  app.post(
    options.resourceServerUrl.pathname,
    // Authenticate first: no body of an unauthenticated request is read or parsed.
    requireDualAuth({ guard: options.guard, resourceServerUrl: options.resourceServerUrl }),
    express.json(),
    async (req, res) => {
      const server = financeServer(options.rule);
      const transport = new StreamableHTTPServerTransport({ enableJsonResponse: true });
      res.on('close', () => void transport.close());
      await server.connect(transport);
      await transport.handleRequest(req, res, req.body);
    },
  );
  return app;
}

/** `dualAuthMcpHandler` before the SDK's Web-standard transport, served from Node below. */
function fetchEntry(options: EntryOptions) {
  const { resourceServerUrl, issuer } = options;
  const metadata = protectedResourceMetadataHandler({ resourceServerUrl, issuer });
  const serverOptions = { guard: options.guard, resourceServerUrl: options.resourceServerUrl };
  const mcp = dualAuthMcpHandler(serverOptions, async (request, authInfo) => {
    const server = financeServer(options.rule);
    const transport = new WebStandardStreamableHTTPServerTransport({ enableJsonResponse: true });
    await server.connect(transport);
    return transport.handleRequest(request, { authInfo });
  });
  const handler = (request: Request) => metadata(request) ?? mcp(request);
  return async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headersDistinct)) {
      for (const line of value ?? []) headers.append(name, line);
    }
    const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
    const response = await handler(
      new Request(`https://${req.headers.host}${req.url}`, {
        method: req.method ?? 'GET',
        headers,
        ...(hasBody ? { body: Buffer.concat(chunks) } : {}),
      }),
    );
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  };
}

const ENTRIES = { express: expressEntry, fetch: fetchEntry };

describe.each(['express', 'fetch'] as const)(
  'an MCP server (%s entry) with RFC 8693 token-exchange tokens from the local IdP',
  (entry) => {
    let idp: LocalIdp;
    let server: TestHttpsServer;
    let mcpUrl: URL;
    const audits: DualAuthAuditEvent[] = [];
    // The guard's records, apart from the tool rule's (`audits`).
    const guardAudits: DualAuthAuditEvent[] = [];
    // The tool rule's hop check, set by the test that needs one.
    let hopAllowed: HopCheck = () => true;

    beforeAll(async () => {
      let app: ((req: IncomingMessage, res: ServerResponse) => unknown) | undefined;
      ({ server, mcpUrl, idp } = await startLocalMcp((req, res) => app?.(req, res)));
      idp.addAgent({ clientId: 'sub-agent', scopes: SCOPE });
      // The server verifies both subjects; the tool's rule decides who may use it.
      const guard = tokenExchangeGuard(idp, mcpUrl.href, (event) => void guardAudits.push(event));
      const rule = {
        agentAllowed: agentHasScope('finance.read'),
        humanAllowed: humanHasRole(
          'FinanceUser',
          async ({ human }) => idp.humans.get(human.sub)?.roles ?? [],
        ),
        hopAllowed: (state: Parameters<HopCheck>[0]) => hopAllowed(state),
        onDecision: (event: DualAuthAuditEvent) => {
          audits.push(event);
        },
      };
      app = ENTRIES[entry]({ resourceServerUrl: mcpUrl, issuer: idp.issuer, guard, rule });
    });
    afterAll(() => closeLocalMcp({ server, idp }));

    const actOf = (username: string): Act => humanOf(idp, username);

    /**
     * Tokens `agentId` exchanges for a subject token (RFC 8693 §2.1), for this server or, with
     * `audience`, for the next agent of a chain.
     */
    async function exchanging(
      agentId: string,
      act: Act,
      subjectToken: () => Promise<string>,
      audience?: string,
    ): Promise<TokenProvider> {
      const adapter = await tokenExchangeAdapter(idp, agentId, { audience });
      return {
        identity: { agentId, humanId: act.sub },
        getToken: async () =>
          adapter.requestToken({
            agentId,
            act,
            scope: SCOPE,
            subjectToken: createSubjectToken(await subjectToken()),
          }),
      };
    }

    /** The human's token is for the agent that exchanges it (RFC 8693 §2.1). */
    const humanTokenFor = (agentId: string, act: Act) => () =>
      idp.issueSubjectToken({ human: act.sub, audience: agentId });

    async function callBalance(tokenProvider: TokenProvider): Promise<CallToolResult> {
      const client = new Client({ name: 'finance-agent', version: '1.0.0' });
      const transport = new StreamableHTTPClientTransport(mcpUrl, {
        fetch: dualAuthFetch({ origin: mcpUrl, tokenProvider, fetch: server.fetch }),
      });
      await client.connect(transport);
      try {
        return (await client.callTool({
          name: 'balance',
          arguments: { account: 'acc-1' },
        })) as CallToolResult;
      } finally {
        await client.close();
      }
    }

    const textOf = (result: CallToolResult) =>
      JSON.parse((result.content[0] as { text: string }).text);

    /** The tool answered `answer`, or (with `failedSide`) was refused naming that side. */
    function expectToolResult(
      result: CallToolResult,
      failedSide: string | undefined,
      answer: unknown,
    ) {
      if (failedSide === undefined) {
        expect(result.isError).toBeFalsy();
        expect(textOf(result)).toEqual(answer);
      } else {
        expect(result.isError).toBe(true);
        expect(textOf(result)).toMatchObject({
          error: 'insufficient_scope',
          failed_side: failedSide,
        });
      }
    }

    it.each([
      ['finance-agent', 'alice', undefined],
      ['intern-agent', 'alice', 'agent'],
      ['finance-agent', 'bob', 'human'],
      ['intern-agent', 'bob', 'both'],
    ])('a tool call by %s for %s: refused side %s', async (agentId, username, failedSide) => {
      const act = actOf(username);
      const result = await callBalance(await exchanging(agentId, act, humanTokenFor(agentId, act)));
      expectToolResult(result, failedSide, {
        account: 'acc-1',
        clientId: agentId,
        human: act.sub,
        layout: 'rfc8693',
        chain: [agentId],
      });
      expect(audits.at(-1)).toMatchObject({
        decision: failedSide === undefined ? 'ALLOW' : 'DENY',
        failed_side: failedSide ?? null,
        agent_id: agentId,
        human_id: act.sub,
        route: 'tools/balance',
      });
    });

    it("a tool call through InSessionTokenRequest's provider made with the human's subject token", async () => {
      const act = actOf('alice');
      const inSession = new InSessionTokenRequest({
        adapter: await tokenExchangeAdapter(idp, 'finance-agent'),
      });
      const tokenProvider = inSession.tokenProvider({
        agentId: 'finance-agent',
        act,
        scope: SCOPE,
        subjectToken: createSubjectToken(await humanTokenFor('finance-agent', act)()),
      });
      const result = await callBalance(tokenProvider);
      expectToolResult(result, undefined, expect.objectContaining({ human: act.sub }));
      expect(audits.at(-1)).toMatchObject({ decision: 'ALLOW', agent_id: 'finance-agent' });
    });

    it.each([
      [['sub-agent', 'finance-agent'], undefined],
      [['sub-agent'], 'agent'],
    ])(
      'a tool call through the chain sub-agent → finance-agent, tool trusting %j: refused side %s',
      async (trusted, failedSide) => {
        hopAllowed = actorIn(trusted);
        try {
          const act = actOf('alice');
          // finance-agent exchanges the human's token for one to sub-agent, which exchanges that.
          const first = await exchanging(
            'finance-agent',
            act,
            humanTokenFor('finance-agent', act),
            'sub-agent',
          );
          const chained = await exchanging(
            'sub-agent',
            act,
            async () => (await first.getToken({})).accessToken,
          );
          const result = await callBalance(chained);
          const chain = ['sub-agent', 'finance-agent'];
          expectToolResult(
            result,
            failedSide,
            expect.objectContaining({ clientId: 'sub-agent', human: act.sub, chain }),
          );
          expect(audits.at(-1)).toMatchObject({
            decision: failedSide === undefined ? 'ALLOW' : 'DENY',
            failed_side: failedSide ?? null,
            policy_basis: [
              failedSide === undefined ? 'agent:authorized' : 'agent:hop_not_authorized',
              'human:authorized',
            ],
            agent_id: 'sub-agent',
            delegation_chain: chain,
            route: 'tools/balance',
          });
        } finally {
          hopAllowed = () => true;
        }
      },
    );

    it('refuses a request without a token before its body is read (a broken body gets 401, not 400)', async () => {
      const response = await server.fetch(mcpUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
        },
        body: '{"jsonrpc": "2.0", "id": 1, "method":',
      });
      expect(response.status).toBe(401);
      await response.body?.cancel();
    });

    // RFC 6750 §3.1: no authentication information (none, or a scheme the server does not take)
    // gets a challenge without an error code, still pointing to the metadata (RFC 9728 §5.1).
    it('answers a request without credentials with a bare challenge and the pointer, audited why', async () => {
      const pointer = `${server.url}/.well-known/oauth-protected-resource/mcp`;
      for (const authorization of [undefined, 'Basic dXNlcjpwYXNz', 'DPoP a.b.c']) {
        const requestId = crypto.randomUUID();
        const response = await server.fetch(mcpUrl, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            accept: 'application/json, text/event-stream',
            'x-request-id': requestId,
            ...(authorization === undefined ? {} : { authorization }),
          },
          body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
        });
        expect(response.status).toBe(401);
        expect(response.headers.get('www-authenticate')).toBe(
          `Bearer resource_metadata="${pointer}"`,
        );
        expect(extractWWWAuthenticateParams(response).error).toBeUndefined();
        await response.body?.cancel();
        expect(guardAudits.find((event) => event.request_id === requestId)).toMatchObject({
          decision: 'DENY',
          reason: 'access_token.missing_claim',
          failed_side: 'credentials',
          status: 401,
        });
      }
    });

    it("has the MCP SDK client's auth flow find the metadata and the IdP from the bare challenge", async () => {
      let authorizationUrl: URL | undefined;
      const authProvider: OAuthClientProvider = {
        redirectUrl: 'http://127.0.0.1/callback',
        clientMetadata: { redirect_uris: ['http://127.0.0.1/callback'] },
        clientInformation: () => ({ client_id: 'sdk-client' }),
        tokens: () => undefined,
        saveTokens: () => {},
        redirectToAuthorization: (url) => {
          authorizationUrl = url;
        },
        saveCodeVerifier: () => {},
        codeVerifier: () => 'verifier',
      };
      const transport = new StreamableHTTPClientTransport(mcpUrl, {
        authProvider,
        fetch: server.fetch,
      });
      const client = new Client({ name: 'sdk-client', version: '1.0.0' });
      await expect(client.connect(transport)).rejects.toBeInstanceOf(UnauthorizedError);
      const discovered = await discoverAuthorizationServerMetadata(idp.issuer, {
        fetchFn: server.fetch,
      });
      expect(authorizationUrl?.href.split('?')[0]).toBe(discovered?.authorization_endpoint);
      expect(authorizationUrl?.searchParams.get('resource')).toBe(mcpUrl.href);
    });

    it('answers 401 with the resource_metadata pointer, and the metadata is served and discovered', async () => {
      const response = await server.fetch(mcpUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
        },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
      });
      expect(response.status).toBe(401);
      const pointer = `${server.url}/.well-known/oauth-protected-resource/mcp`;
      expect(extractWWWAuthenticateParams(response).resourceMetadataUrl?.href).toBe(pointer);
      const metadata = await discoverOAuthProtectedResourceMetadata(
        mcpUrl,
        { resourceMetadataUrl: pointer },
        server.fetch,
      );
      expect(metadata).toMatchObject({
        resource: mcpUrl.href,
        authorization_servers: [idp.issuer],
        bearer_methods_supported: ['header'],
      });
    });
  },
);
