import type { DualAuthGuard } from '@dual-auth/resource';
import type express from 'express';
import { type LocalMcp, startLocalMcp } from './local-mcp.js';
import { tokenExchangeGuard } from './token-exchange-idp.js';

/**
 * The local MCP server and IdP ({@link startLocalMcp}) serving the Express app `build` makes with
 * a token-exchange guard for the server's URL (RFC 8693 tokens, every agent and human allowed).
 */
export async function startExpressMcp(
  build: (guard: DualAuthGuard, mcpUrl: URL) => express.Express,
): Promise<LocalMcp> {
  let app: express.Express | undefined;
  const started = await startLocalMcp((req, res) => app?.(req as never, res as never));
  app = build(tokenExchangeGuard(started.idp, started.mcpUrl.href), started.mcpUrl);
  return started;
}
