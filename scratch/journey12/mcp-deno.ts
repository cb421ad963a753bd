// The MCP server on Deno: @dual-auth/mcp/fetch over the SDK's Web-standard transport.
import { oauthTokenProfile } from '@dual-auth/adapter-oauth';
import { getDualSubject, withToolRule } from '@dual-auth/mcp';
import { dualAuthMcpHandler, protectedResourceMetadataHandler } from '@dual-auth/mcp/fetch';
import { agentIn, createDualAuthGuard, humanIn } from '@dual-auth/resource';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';

const say = (line: string) => Deno.stdout.writeSync(new TextEncoder().encode(`${line}\n`));
const env = (k: string) => {
  const v = Deno.env.get(k);
  if (!v) throw new Error(`${k} unset`);
  return v;
};
const resourceServerUrl = new URL(env('IDP_AUDIENCE'));
const issuer = env('IDP_ISSUER');
const financeUsers = env('FINANCE_USERS').split(',');
const guard = createDualAuthGuard({
  profile: oauthTokenProfile,
  layout: 'rfc8693',
  issuer,
  audience: resourceServerUrl.href,
  jwksUri: env('IDP_JWKS_URL'),
  agentAllowed: agentIn(['finance-agent']),
  humanAllowed: humanIn(financeUsers),
  onDecision: (e) => say(`audit ${e.decision} ${e.reason} ${e.status}`),
});
const metadata = protectedResourceMetadataHandler({ resourceServerUrl, issuer });
const mcp = dualAuthMcpHandler({ guard, resourceServerUrl }, async (request, authInfo) => {
  const server = new McpServer({ name: 'finance', version: '1.0.0' });
  server.registerTool(
    'balance',
    {},
    withToolRule(
      {
        tool: 'balance',
        agentAllowed: agentIn(['finance-agent']),
        humanAllowed: humanIn(financeUsers),
      },
      async (extra) => {
        const s = getDualSubject(extra.authInfo);
        return {
          content: [
            {
              type: 'text',
              text: JSON.stringify({ runtime: 'deno', human: s?.human.sub, agent: s?.agent.id }),
            },
          ],
        };
      },
    ),
  );
  const transport = new WebStandardStreamableHTTPServerTransport({ enableJsonResponse: true });
  await server.connect(transport);
  return transport.handleRequest(request, { authInfo });
});
Deno.serve(
  {
    port: Number(resourceServerUrl.port),
    hostname: '127.0.0.1',
    cert: Deno.readTextFileSync(env('TLS_CERT_FILE')),
    key: Deno.readTextFileSync(env('TLS_KEY_FILE')),
  },
  (request) => metadata(request) ?? mcp(request),
);
