import type { DualAuthGuard } from '@dual-auth/resource';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import express from 'express';
import { expect } from 'vitest';
import { getDualSubject } from '../../src/dual-subject-auth-info.js';
import { protectedResourceMetadataRouter, requireDualAuth } from '../../src/express/index.js';
import { type LocalMcp, startLocalMcp } from './local-mcp.js';
import { tokenExchangeGuard } from './token-exchange-idp.js';

/**
 * Serves a real MCP server at `path` of `app`, `requireDualAuth` in front, whose one tool,
 * `whoami`, answers the human the token names.
 */
export function serveWhoami(
  app: express.Express,
  path: string,
  options: { resourceServerUrl: URL; guard: DualAuthGuard },
): void {
  app.post(path, requireDualAuth(options), express.json(), async (req, res) => {
    const mcp = new McpServer({ name: 'finance', version: '1.0.0' });
    mcp.registerTool('whoami', {}, async (extra) => {
      const human = getDualSubject(extra.authInfo)?.human.sub;
      return { content: [{ type: 'text', text: JSON.stringify({ human }) }] };
    });
    const transport = new StreamableHTTPServerTransport({ enableJsonResponse: true });
    res.on('close', () => void transport.close());
    await mcp.connect(transport);
    await transport.handleRequest(req, res, req.body);
  });
}

/** Connects an MCP client at `url` through `fetch` and asks the server whom the token names. */
export async function callWhoami(fetch: typeof globalThis.fetch, url: URL): Promise<string> {
  const client = new Client({ name: 'finance-agent', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(url, { fetch }));
  try {
    const result = (await client.callTool({ name: 'whoami', arguments: {} })) as CallToolResult;
    expect(result.isError).toBeFalsy();
    return JSON.parse((result.content[0] as { text: string }).text).human;
  } finally {
    await client.close();
  }
}

/** A {@link LocalMcp} serving the `whoami` MCP server at `/mcp`, and the guard in front of it. */
export interface WhoamiMcp extends LocalMcp {
  readonly guard: DualAuthGuard;
}

/**
 * Starts a {@link LocalMcp} answering with `app`, then mounts on `app` the server's RFC 9728
 * metadata and {@link serveWhoami} at `/mcp`, behind {@link tokenExchangeGuard}: what `app` had
 * mounted before runs first (a recorder), what is mounted after answers other paths.
 */
export async function startWhoamiMcp(app: express.Express): Promise<WhoamiMcp> {
  const local = await startLocalMcp((req, res) => app(req as never, res as never));
  const { mcpUrl, idp } = local;
  const guard = tokenExchangeGuard(idp, mcpUrl.href);
  app.use(protectedResourceMetadataRouter({ resourceServerUrl: mcpUrl, issuer: idp.issuer }));
  serveWhoami(app, '/mcp', { resourceServerUrl: mcpUrl, guard });
  return { ...local, guard };
}
