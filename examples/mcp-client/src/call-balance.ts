import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

/** Where the MCP server is and how to reach it: `dualAuthFetch(…)` of `@dual-auth/mcp/client`. */
export interface McpConnection {
  serverUrl: URL;
  fetch: typeof fetch;
}

/**
 * Connects to the MCP server, calls its `balance` tool and closes. Call it inside
 * `runWithAct(act, …)`: the connection's `fetch` takes the human from there.
 */
export async function callBalance(
  connection: McpConnection,
  account: string,
): Promise<CallToolResult> {
  const client = new Client({ name: 'finance-agent', version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(connection.serverUrl, {
    fetch: connection.fetch,
  });
  await client.connect(transport);
  try {
    return (await client.callTool({ name: 'balance', arguments: { account } })) as CallToolResult;
  } finally {
    await client.close();
  }
}
