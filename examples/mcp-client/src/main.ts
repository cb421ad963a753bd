// The example end to end: the local IdP of one vendor (DUAL_AUTH_VENDOR, default keycloak), the
// example MCP server over loopback HTTPS, and this agent calling its `balance` tool for each row
// of the agent × human matrix. Run: pnpm --filter @dual-auth/example-mcp-client start
import { dualAuthFetch } from '@dual-auth/mcp/client';
import { InSessionTokenRequest } from '@dual-auth/session';
import { runWithAct } from '@dual-auth/session/context';
import { callBalance } from './call-balance.js';
import {
  actOf,
  adapterFor,
  SCOPE,
  startScenario,
  textOf,
  VENDORS,
  type Vendor,
} from './local-scenario.js';

const vendor = (process.env.DUAL_AUTH_VENDOR ?? 'keycloak') as Vendor;
if (!VENDORS.includes(vendor))
  throw new Error(`DUAL_AUTH_VENDOR must be one of ${VENDORS.join(', ')}`);
const scenario = await startScenario(vendor);
try {
  for (const [agentId, username] of [
    ['finance-agent', 'alice'],
    ['intern-agent', 'alice'],
    ['finance-agent', 'bob'],
    ['intern-agent', 'bob'],
  ] as const) {
    const mcp = {
      serverUrl: scenario.mcpUrl,
      fetch: dualAuthFetch({
        origin: scenario.mcpUrl,
        tokenRequest: new InSessionTokenRequest({
          adapter: await adapterFor(scenario.idp, agentId),
        }),
        agentId,
        scope: SCOPE,
        fetch: scenario.server.fetch,
      }),
    };
    const result = await runWithAct(actOf(scenario.idp, username), () => callBalance(mcp, 'acc-1'));
    console.log(
      agentId,
      username,
      result.isError ? 'refused' : 'allowed',
      JSON.stringify(textOf(result)),
    );
  }
} finally {
  await scenario.server.close();
  await scenario.idp.close();
}
