import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  createTestCa,
  type LocalIdp,
  startHttpsServer,
  startLocalIdp,
  type TestCa,
  type TestHttpsServer,
} from '@dual-auth/testing';

/** An MCP server's HTTPS server and the local IdP issuing its tokens, over one test CA. */
export interface LocalMcp {
  readonly server: TestHttpsServer;
  /** The MCP server's URL (`<server>/mcp`): the audience of the IdP's tokens. */
  readonly mcpUrl: URL;
  /** The local IdP (vendor `oauth`). */
  readonly idp: LocalIdp;
  /** The test CA both trust, for another server beside them. */
  readonly ca: TestCa;
}

/**
 * Starts an HTTPS server on a free loopback port answering with `handler`, and the local IdP
 * (vendor `oauth`, trusted by the same test CA) issuing tokens for the server's `/mcp`.
 */
export async function startLocalMcp(
  handler: (req: IncomingMessage, res: ServerResponse) => unknown,
): Promise<LocalMcp> {
  const ca = await createTestCa();
  const server = await startHttpsServer(handler, { ca });
  const mcpUrl = new URL(`${server.url}/mcp`);
  const idp = await startLocalIdp({ vendor: 'oauth', ca, audience: mcpUrl.href });
  return { server, mcpUrl, idp, ca };
}

/** Closes what {@link startLocalMcp} started, the server first; either may be missing. */
export async function closeLocalMcp({ server, idp }: Partial<LocalMcp>): Promise<void> {
  await server?.close();
  await idp?.close();
}
