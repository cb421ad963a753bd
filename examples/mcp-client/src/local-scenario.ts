import { type Act, createAdapter, type IamAdapter } from '@dual-auth/core';
import { createFinanceMcpApp } from '@dual-auth/example-mcp-server';
import {
  agentHasRole,
  agentHasScope,
  createDualAuthGuard,
  type DualAuthAuditEvent,
  humanHasRole,
  type SubjectCheck,
} from '@dual-auth/resource';
import {
  createTestCa,
  type LocalIdp,
  loadTokenProfile,
  loadWorkspaceAdapterPlugins,
  startHttpsServer,
  startLocalIdp,
  type TestHttpsServer,
} from '@dual-auth/testing';

/** The vendors of the local IdP: the reference's four, then the standards-based one. */
export const VENDORS = ['keycloak', 'auth0', 'okta', 'entraid', 'oauth'] as const;
export type Vendor = (typeof VENDORS)[number];
/** The IdP guide's agent rule: the realm or app role, or the granted scope, its profile names. */
function agentRule(idp: LocalIdp): SubjectCheck {
  const { kind, name } = idp.profile.agentGrant;
  return kind === 'role' ? agentHasRole(name) : agentHasScope(name);
}
export const SCOPE = ['finance.read'];

/** A local IdP and, on one HTTPS server, the example MCP server and a second one (another resource). */
export interface Scenario {
  idp: LocalIdp;
  server: TestHttpsServer;
  /** The MCP endpoint the tokens are issued for. */
  mcpUrl: URL;
  /** A second MCP server on the same host: another resource. */
  otherUrl: URL;
  serverAudits: DualAuthAuditEvent[];
  toolAudits: DualAuthAuditEvent[];
}

/**
 * Starts the local IdP of `vendor` and the example MCP server over loopback HTTPS (one test CA),
 * the tokens' audience being the MCP endpoint. The server verifies both subjects; the `balance`
 * tool's rule is the IdP guide's agent rule AND the human's `FinanceUser` role.
 */
export async function startScenario(vendor: Vendor): Promise<Scenario> {
  const ca = await createTestCa();
  const apps: Record<string, ReturnType<typeof createFinanceMcpApp>> = {};
  const server = await startHttpsServer(
    (req, res) => {
      const app = req.url?.startsWith('/other') ? apps.other : apps.finance;
      app?.(req, res);
    },
    { ca },
  );
  const mcpUrl = new URL(`${server.url}/mcp`);
  const otherUrl = new URL(`${server.url}/other/mcp`);
  const idp = await startLocalIdp({ vendor, ca, audience: mcpUrl.href });
  const serverAudits: DualAuthAuditEvent[] = [];
  const toolAudits: DualAuthAuditEvent[] = [];
  const profile = await loadTokenProfile(vendor);
  const guardFor = (resource: URL) =>
    createDualAuthGuard({
      profile,
      issuer: idp.issuer,
      audience: resource.href,
      jwksUri: idp.jwksUrl,
      fetch: idp.fetch,
      // The server verifies both subjects; the tool's rule decides who may use it.
      agentAllowed: () => true,
      humanAllowed: () => true,
      onDecision: (event) => {
        serverAudits.push(event);
      },
      ...(vendor === 'entraid'
        ? { boundActAssertion: { actAudience: idp.audience, appKeys: idp.app.publicKeyPem } }
        : {}),
    });
  const balanceRule = {
    agentAllowed: agentRule(idp),
    humanAllowed: humanHasRole(
      'FinanceUser',
      async ({ human }) => idp.humans.get(human.sub)?.roles ?? [],
    ),
    onDecision: (event: DualAuthAuditEvent) => {
      toolAudits.push(event);
    },
  };
  apps.finance = createFinanceMcpApp({
    resourceServerUrl: mcpUrl,
    issuer: idp.issuer,
    guard: guardFor(mcpUrl),
    balanceRule,
  });
  apps.other = createFinanceMcpApp({
    resourceServerUrl: otherUrl,
    issuer: idp.issuer,
    guard: guardFor(otherUrl),
    balanceRule,
  });
  return { idp, server, mcpUrl, otherUrl, serverAudits, toolAudits };
}

/** The act of a directory human, by username (ids only). */
export function actOf(idp: LocalIdp, username: string): Act {
  const human = [...idp.humans.values()].find((h) => h.username === username);
  if (human === undefined) throw new Error(`no human ${username}`);
  return { sub: human.sub, ...(human.oid ? { oid: human.oid } : {}) };
}

/** The JSON in a tool result's first text part. */
export const textOf = (result: { content: unknown }) =>
  JSON.parse((result.content as { type: 'text'; text: string }[])[0]?.text ?? 'null');

/** The vendor's real adapter for one of the IdP's agents. */
export async function adapterFor(idp: LocalIdp, agentId: string): Promise<IamAdapter> {
  const plugins = await loadWorkspaceAdapterPlugins();
  return createAdapter(undefined, { env: idp.env(agentId), plugins, fetch: idp.fetch });
}
