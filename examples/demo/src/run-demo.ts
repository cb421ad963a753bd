import { InSessionApiCall } from '@dual-auth/client';
import type { Vendor } from '@dual-auth/core';
import { HybridSender, InSessionTokenRequest, UserSession } from '@dual-auth/session';
import {
  discoverWorkspacePlugins,
  type LocalIdp,
  type LocalRedis,
  startLocalIdp,
  startRedisServer,
} from '@dual-auth/testing';
import { type DemoApi, startDemoApi } from './demo-api.js';
import { describeToken } from './describe-token.js';
import { type ExchangeRow, nativeDelegationMatrix } from './native-delegation.js';
import { type RemoteAgentReply, startRemoteAgent } from './remote-agent.js';
import { severalInstances } from './several-instances.js';
import { vendorAdapter } from './vendor-adapter.js';

/** One row of the ALLOW/DENY matrix, as expected and as it happened. */
export interface MatrixRow {
  vendor: Vendor;
  agentId: string;
  username: string;
  expected: 'ALLOW' | 'DENY';
  actual: 'ALLOW' | 'DENY';
  status: number;
  failedSide: string | undefined;
}

/** What {@link runDemo} takes. */
export interface DemoOptions {
  /**
   * Also run two agent instances and two API instances against one Redis (a local redis-server,
   * Debian's package): replays and moved act assertions refused by every instance, tokens shared.
   */
  twoInstances?: boolean;
  /** The vendors to run; default: every adapter package in the workspace ({@link demoVendors}). */
  vendors?: readonly Vendor[];
}

/** What a whole demo run found. */
export interface DemoResult {
  rows: MatrixRow[];
  /** The same matrix in each vendor's native delegation (RFC 8693 layout), where it has one. */
  exchangeRows: ExchangeRow[];
  /** Outcomes that differ from what the rule says. */
  mismatches: string[];
}

const AUTHORIZED_AGENT = 'finance-agent';
const UNAUTHORIZED_AGENT = 'intern-agent';
const AUTHORIZED_HUMAN = 'alice';
const UNAUTHORIZED_HUMAN = 'bob';

/** The human's logged-in session, as the web app holds it. */
export function sessionOf(idp: LocalIdp, username: string): UserSession {
  const human = [...idp.humans.values()].find((h) => h.username === username);
  if (human === undefined) throw new Error(`the local IdP has no human ${username}`);
  return new UserSession({
    userId: human.sub,
    userEmail: human.email ?? `${username}@example.com`,
    ...(human.oid === undefined ? {} : { userOid: human.oid }),
  });
}

/**
 * The vendors of the workspace's adapter packages (`"dualAuth": { "kind": "adapter" }`), in the
 * reference's order first (Keycloak, Auth0, Okta, Entra ID), then any other by name: a new
 * adapter package appears here without an edit.
 */
export function demoVendors(): Vendor[] {
  const reference = ['keycloak', 'auth0', 'okta', 'entraid'];
  const rank = (vendor: string) => {
    const index = reference.indexOf(vendor);
    return index === -1 ? reference.length : index;
  };
  return discoverWorkspacePlugins()
    .filter((plugin) => plugin.kind === 'adapter')
    .map((plugin) => plugin.name)
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/**
 * Walks every flow for every vendor against a real local IdP and a demo API, writing a readable
 * trace: in-session, out-of-session, then the four-row matrix, and the same matrix in the vendor's
 * native delegation (RFC 8693 layout: the human's token exchanged, an API configured for that
 * layout). Never prints a secret: tokens are shown as their decoded header and claims, signatures
 * elided.
 */
export async function runDemo(
  write: (line: string) => void,
  options: DemoOptions = {},
): Promise<DemoResult> {
  const rows: MatrixRow[] = [];
  const exchangeRows: ExchangeRow[] = [];
  const mismatches: string[] = [];
  const redis: LocalRedis | undefined = options.twoInstances ? await startRedisServer() : undefined;
  try {
    for (const vendor of options.vendors ?? demoVendors()) {
      const idp = await startLocalIdp({ vendor });
      let api: DemoApi | undefined;
      try {
        api = await startDemoApi(idp);
        write(`\n━━ ${vendor} ━━ IdP ${idp.issuer}`);
        write(
          `   API ${api.url} allows when the agent has ${api.agentRule} AND the human has FinanceUser`,
        );
        await inSession(idp, api, write, mismatches);
        await outOfSession(idp, api, write, mismatches);
        rows.push(...(await matrix(idp, api, write)));
        exchangeRows.push(
          ...(await nativeDelegationMatrix(
            idp,
            {
              agents: [AUTHORIZED_AGENT, UNAUTHORIZED_AGENT],
              humans: [AUTHORIZED_HUMAN, UNAUTHORIZED_HUMAN],
            },
            write,
          )),
        );
        if (redis !== undefined) {
          const act = new HybridSender().extractActFromSession(sessionOf(idp, AUTHORIZED_HUMAN));
          await severalInstances(idp, redis, act, write, mismatches);
        }
      } finally {
        await api?.close();
        await idp.close();
      }
    }
  } finally {
    await redis?.close();
  }
  for (const [layout, list] of [
    ['', rows],
    [' (RFC 8693)', exchangeRows],
  ] as const) {
    for (const row of list) {
      if (row.actual !== row.expected) {
        mismatches.push(
          `${row.vendor}${layout}: ${row.agentId} for ${row.username} expected ${row.expected}, got ${row.actual}`,
        );
      }
    }
  }
  return { rows, exchangeRows, mismatches };
}

async function inSession(
  idp: LocalIdp,
  api: DemoApi,
  write: (line: string) => void,
  mismatches: string[],
): Promise<void> {
  const sender = new HybridSender();
  const act = sender.extractActFromSession(sessionOf(idp, AUTHORIZED_HUMAN));
  const tokens = new InSessionTokenRequest({ adapter: await vendorAdapter(idp, AUTHORIZED_AGENT) });
  const token = await tokens.requestToken({
    agentId: AUTHORIZED_AGENT,
    act,
    scope: ['finance.read'],
  });
  const response = await new InSessionApiCall({ fetch: idp.fetch }).callApi({
    method: 'GET',
    apiUrl: api.url,
    tokenResponse: token,
    throwHttpErrors: false,
    identity: { agentId: AUTHORIZED_AGENT, humanId: act.sub },
  });
  write(`\n   in-session   agent=${AUTHORIZED_AGENT}  act.sub=${act.sub}`);
  write(`      ${describeToken(token)}`);
  write(`      API → ${response.status} ${decisionOf(response.status)} ${await response.text()}`);
  if (response.status !== 200) mismatches.push(`${idp.vendor}: in-session call was refused`);
}

async function outOfSession(
  idp: LocalIdp,
  api: DemoApi,
  write: (line: string) => void,
  mismatches: string[],
): Promise<void> {
  const agent = await startRemoteAgent({
    idp,
    adapter: await vendorAdapter(idp, AUTHORIZED_AGENT),
    agentId: AUTHORIZED_AGENT,
    apiUrl: api.url,
    describeToken,
  });
  try {
    // The web app signs the act for the agent's endpoint (RS256, iss "application", 60 s).
    const sender = new HybridSender({ privateKey: idp.app.privateKeyPem });
    const act = sender.extractActFromSession(sessionOf(idp, AUTHORIZED_HUMAN));
    const actJwt = await sender.prepareOutOfSessionAct({ act, agentEndpoint: agent.endpoint });
    const response = await idp.fetch(agent.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ act_jwt: actJwt }),
    });
    const reply = (await response.json()) as RemoteAgentReply & { message?: string };
    write(`\n   out-of-session   web app → signed act JWT → ${agent.endpoint}`);
    if (response.status !== 200) {
      write(`      agent refused: ${reply.message}`);
      mismatches.push(`${idp.vendor}: out-of-session flow failed`);
      return;
    }
    write(`      agent verified the act JWT: act.sub=${reply.humanId}`);
    write(`      ${reply.token}`);
    write(
      `      API → ${reply.apiStatus} ${decisionOf(reply.apiStatus)} ${JSON.stringify(reply.apiBody)}`,
    );
    if (reply.apiStatus !== 200) mismatches.push(`${idp.vendor}: out-of-session call was refused`);
  } finally {
    await agent.close();
  }
}

/**
 * The four-row matrix in the vendor's dual-auth recipe (in-session): the authorized and the
 * unauthorized agent, each for the authorized and the unauthorized human, against `api`.
 */
export async function matrix(
  idp: LocalIdp,
  api: DemoApi,
  write: (line: string) => void,
): Promise<MatrixRow[]> {
  write(
    `\n   matrix   ${'agent'.padEnd(15)}${'agent ok'.padEnd(10)}${'human'.padEnd(7)}${'human ok'.padEnd(10)}expected  actual`,
  );
  const rows: MatrixRow[] = [];
  const sender = new HybridSender();
  for (const agentId of [AUTHORIZED_AGENT, UNAUTHORIZED_AGENT]) {
    const tokens = new InSessionTokenRequest({ adapter: await vendorAdapter(idp, agentId) });
    for (const username of [AUTHORIZED_HUMAN, UNAUTHORIZED_HUMAN]) {
      const act = sender.extractActFromSession(sessionOf(idp, username));
      const token = await tokens.requestToken({ agentId, act, scope: ['finance.read'] });
      const response = await new InSessionApiCall({ fetch: idp.fetch }).callApi({
        method: 'GET',
        apiUrl: api.url,
        tokenResponse: token,
        throwHttpErrors: false,
      });
      const body = (await response.json()) as { failed_side?: string };
      const expected =
        agentId === AUTHORIZED_AGENT && username === AUTHORIZED_HUMAN ? 'ALLOW' : 'DENY';
      const row: MatrixRow = {
        vendor: idp.vendor,
        agentId,
        username,
        expected,
        actual: decisionOf(response.status),
        status: response.status,
        failedSide: body.failed_side,
      };
      rows.push(row);
      const mark = row.actual === row.expected ? '✓' : '✗';
      const why = row.failedSide === undefined ? '' : ` (${row.failedSide} not authorized)`;
      const agentOk = agentId === AUTHORIZED_AGENT ? 'yes' : 'no';
      const humanOk = username === AUTHORIZED_HUMAN ? 'yes' : 'no';
      write(
        `            ${agentId.padEnd(15)}${agentOk.padEnd(10)}${username.padEnd(7)}${humanOk.padEnd(10)}${expected.padEnd(10)}${row.actual} ${row.status}${why} ${mark}`,
      );
    }
  }
  return rows;
}

function decisionOf(status: number): 'ALLOW' | 'DENY' {
  return status === 200 ? 'ALLOW' : 'DENY';
}
