// The MCP part of tools/runtime-scenario.mjs, run inside each runtime: an MCP server on the MCP
// SDK's web-standard transport behind @dual-auth/mcp/fetch's guard, and an MCP client whose
// transport fetches through @dual-auth/mcp/client's dualAuthFetch with the human from the act
// context (runWithAct), on the Keycloak IdP's tokens.
import { keycloakTokenProfile } from '@dual-auth/adapter-keycloak';
import { getDualSubject } from '@dual-auth/mcp';
import { dualAuthFetch } from '@dual-auth/mcp/client';
import { dualAuthMcpHandler, protectedResourceMetadataHandler } from '@dual-auth/mcp/fetch';
import { agentHasRole, createDualAuthGuard, humanIn } from '@dual-auth/resource';
import { InSessionTokenRequest } from '@dual-auth/session';
import { runWithAct } from '@dual-auth/session/context';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';

/** The MCP servers of the scenario: `GET` refused with 405, and `GET` answered with a stream. */
export const MCP_PATHS = { refusesGet: '/keycloak/mcp', streamsGet: '/keycloak/mcp-stream' };

/** An SSE stream that never ends: one comment line, then nothing until the client goes away. */
function endlessEventStream() {
  const body = new ReadableStream({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(': open\n\n'));
    },
  });
  return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
}

/**
 * The MCP server's fetch handler: one tool, `whoami`, answering the human the agent acts for.
 * `idp` is the Keycloak entry of the scenario's input; the IdP's audience names this server.
 * With `streamsGet`, the client's `GET` (its standalone SSE stream) gets a stream that only the
 * client can end, as the MCP SDK's stateful server transport answers it; else a 405.
 */
export function createMcpApi(idp, { streamsGet = false } = {}) {
  const guard = createDualAuthGuard({
    profile: keycloakTokenProfile,
    issuer: idp.issuer,
    audience: idp.audience,
    jwksUri: idp.jwksUrl,
    agentAllowed: agentHasRole('FinanceAgent'),
    humanAllowed: humanIn(idp.financeUsers),
  });
  const options = {
    guard,
    resourceServerUrl: new URL('https://mcp.example/mcp'),
    tokenAudience: idp.audience,
  };
  return dualAuthMcpHandler(options, async (request, authInfo) => {
    // Stateless (a server and transport per request): no standalone SSE stream of its own, so a
    // GET is refused with 405, which the client takes as "no stream" (MCP Streamable HTTP,
    // "Listening for Messages from the Server"), as the SDK's stateless examples do. Answered
    // with a stream, the GET stays open until the client aborts it, which Deno's fetch alone
    // can miss and dualAuthFetch must not (docs/runtime-check.md).
    if (request.method === 'GET') {
      if (streamsGet) return endlessEventStream();
      return new Response(null, { status: 405, headers: { allow: 'POST' } });
    }
    const server = new McpServer({ name: 'finance', version: '1.0.0' });
    server.registerTool('whoami', {}, async (extra) => ({
      content: [{ type: 'text', text: getDualSubject(extra.authInfo)?.human.sub ?? 'nobody' }],
    }));
    const transport = new WebStandardStreamableHTTPServerTransport({ enableJsonResponse: true });
    await server.connect(transport);
    return transport.handleRequest(request, { authInfo });
  });
}

/**
 * The MCP servers' RFC 9728 metadata, served at the well-known URL of each of `MCP_PATHS` on the
 * origin the request came to (a port chosen at run time, or workerd's name), as an MCP server
 * serves it: `dualAuthFetch` reads it before it sends a token. Answers `undefined` for any other path.
 */
export function mcpMetadata(idp, request) {
  for (const path of Object.values(MCP_PATHS)) {
    const answer = protectedResourceMetadataHandler({
      resourceServerUrl: new URL(path, request.url),
      issuer: idp.issuer,
    })(request);
    if (answer !== undefined) return answer;
  }
  return undefined;
}

/**
 * Calls `whoami` on the MCP servers of `MCP_PATHS` at `apiOrigin`: for alice and for bob on the
 * one that refuses `GET`, for alice on the one that streams it. Resolves with what alice's calls
 * answered and the HTTP status (and refused side) bob's connection met.
 */
export async function runMcp(idp, adapter, apiOrigin, fetch) {
  const whoami = (human, path = MCP_PATHS.refusesGet) =>
    runWithAct({ sub: human }, async () => {
      const url = `${apiOrigin}${path}`;
      const transport = new StreamableHTTPClientTransport(new URL(url), {
        fetch: dualAuthFetch({
          origin: url,
          tokenRequest: new InSessionTokenRequest({ adapter }),
          agentId: 'finance-agent',
          scope: ['finance.read'],
          // The local Keycloak IdP's tokens name the API's client id, not this server's URL.
          tokenAudience: idp.audience,
          allowInsecureLoopback: true,
          ...(fetch ? { fetch } : {}),
        }),
      });
      const client = new Client({ name: 'finance-agent', version: '1.0.0' });
      await client.connect(transport);
      try {
        const result = await client.callTool({ name: 'whoami', arguments: {} });
        return result.content[0]?.text;
      } finally {
        // A garbage collection here, where the runtime exposes one (Deno with --expose-gc, as
        // check-runtimes.mjs runs it), makes a response left open by close() show on every run
        // instead of once in a few: the standalone SSE stream of MCP_PATHS.streamsGet must end
        // all the same (docs/runtime-check.md).
        globalThis.gc?.();
        await client.close();
      }
    });
  const aliceAnswer = await whoami(idp.alice);
  // dualAuthFetch throws McpCallRefusedError on a 403 (its `status` and `failedSide`, read from the
  // guard's body); the SDK passes it on as thrown. An SDK's StreamableHTTPError would carry the
  // status as `code` and the body in its message: either is read, so a refusal never reads as a pass.
  const bobRefusal = await whoami(idp.bob).then(
    () => ({ status: 'admitted' }),
    (error) => ({
      status: error?.status ?? error?.code,
      humanSide:
        error?.failedSide === 'human' || String(error?.message).includes('"failed_side":"human"'),
    }),
  );
  // Ended by client.close() alone: runtime-host.mjs fails the check when it stays open.
  const aliceOverStream = await whoami(idp.alice, MCP_PATHS.streamsGet);
  return { aliceAnswer, bobRefusal, aliceOverStream };
}
