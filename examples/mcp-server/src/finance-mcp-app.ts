import { getDualSubject, type ToolRule, withToolRule } from '@dual-auth/mcp';
import { protectedResourceMetadataRouter, requireDualAuth } from '@dual-auth/mcp/express';
import type { DualAuthGuard } from '@dual-auth/resource';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import express, { type Express, type Request, type Response } from 'express';
import { z } from 'zod';

/** What the example server is made of. */
export interface FinanceMcpAppOptions {
  /** This server's URL, e.g. `https://mcp.example.com/mcp`: the tokens' audience. */
  resourceServerUrl: URL;
  /** The IdP's issuer, named in the protected-resource metadata. */
  issuer: string;
  /** Verifies both subjects of every MCP request (its `audience` is `resourceServerUrl`). */
  guard: DualAuthGuard;
  /** The `balance` tool's own rule: e.g. the agent's finance scope AND the human's role. */
  balanceRule: Omit<ToolRule, 'tool'>;
}

/**
 * One MCP server per request (stateless Streamable HTTP: no `sessionIdGenerator`), with the
 * `balance` tool.
 */
function financeServer(balanceRule: FinanceMcpAppOptions['balanceRule']): McpServer {
  const server = new McpServer({ name: 'finance', version: '1.0.0' });
  server.registerTool(
    'balance',
    {
      description: "The balance of one of the human's accounts",
      inputSchema: { account: z.string() },
    },
    withToolRule({ ...balanceRule, tool: 'balance' }, async ({ account }, extra) => {
      const subject = getDualSubject(extra.authInfo);
      const answer = { account, balance: 42, agent: subject?.agent.id, human: subject?.human.sub };
      return { content: [{ type: 'text', text: JSON.stringify(answer) }] };
    }),
  );
  return server;
}

/**
 * The example MCP server as an Express app: RFC 9728 metadata at its well-known URL, and the MCP
 * endpoint at `resourceServerUrl`'s path behind `requireDualAuth` (401/403 with the
 * `resource_metadata` pointer; the verified agent and human in each tool call's `authInfo`).
 */
export function createFinanceMcpApp(options: FinanceMcpAppOptions): Express {
  const path = options.resourceServerUrl.pathname;
  const app = express();
  const { resourceServerUrl, issuer } = options;
  app.use(
    protectedResourceMetadataRouter({
      resourceServerUrl,
      issuer,
      scopesSupported: ['finance.read'],
    }),
  );
  const auth = requireDualAuth({
    guard: options.guard,
    resourceServerUrl: options.resourceServerUrl,
  });
  // Authenticate first: no body of an unauthenticated request is read or parsed.
  app.post(path, auth, express.json(), async (req: Request, res: Response) => {
    const server = financeServer(options.balanceRule);
    const transport = new StreamableHTTPServerTransport({});
    res.on('close', () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(req, res, req.body);
  });
  // Stateless: no server-sent stream and no session to end (MCP Streamable HTTP transport). Answered
  // before the guard, so its audit never records an ALLOW 200 for a request that got 405.
  app.all(path, (_req, res) => {
    res.status(405).set('allow', 'POST').json({ error: 'method_not_allowed' });
  });
  return app;
}
