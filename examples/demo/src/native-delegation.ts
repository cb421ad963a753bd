import { oauthPlugin } from '@dual-auth/adapter-oauth';
import { InSessionApiCall } from '@dual-auth/client';
import { assertVendor, getConfig } from '@dual-auth/core';
import { InSessionTokenRequest, UserSession } from '@dual-auth/session';
import type { LocalIdp, NativeDelegation } from '@dual-auth/testing';
import { startDemoApi } from './demo-api.js';
import { describeToken } from './describe-token.js';

/** One row of the RFC 8693 matrix, as expected and as it happened. */
export interface ExchangeRow {
  vendor: string;
  agentId: string;
  username: string;
  expected: 'ALLOW' | 'DENY';
  actual: 'ALLOW' | 'DENY';
  status: number;
  failedSide: string | undefined;
}

/** Who takes part in the matrix: the authorized ones first. */
export interface MatrixParties {
  readonly agents: readonly [string, string];
  readonly humans: readonly [string, string];
}

/** The human's session at login, holding their own token for the exchange (never printed). */
export async function loggedIn(
  idp: LocalIdp,
  delegation: NativeDelegation,
  username: string,
  agentId: string,
): Promise<UserSession> {
  const human = [...idp.humans.values()].find((h) => h.username === username);
  if (human === undefined) throw new Error(`the local IdP has no human ${username}`);
  const kind = delegation.subjectToken;
  const token = await idp.issueSubjectToken({
    human: human.sub,
    ...(kind === 'id' ? { kind, clientId: agentId } : { audience: agentId }),
  });
  return new UserSession({
    userId: human.sub,
    ...(human.oid === undefined ? {} : { userOid: human.oid }),
    ...(kind === 'id' ? { idToken: token } : { accessToken: token }),
  });
}

/**
 * The agent's `@dual-auth/adapter-oauth` adapter configured, from environment variables, for the
 * IdP's own delegation (its preset or `OAUTH_MODE`), with the variables it was configured from.
 * `fetch` defaults to the IdP's trusting one.
 */
export async function delegatingAdapter(
  idp: LocalIdp,
  delegation: NativeDelegation,
  agentId: string,
  fetch: typeof globalThis.fetch = idp.fetch,
) {
  const agent = idp.agents.get(agentId);
  if (agent === undefined) throw new Error(`the local IdP has no agent ${agentId}`);
  const env = delegation.env({
    tokenUrl: idp.tokenUrl,
    issuer: idp.issuer,
    agent,
    settings: { audience: idp.audience, options: undefined },
  });
  const config = await getConfig({ env, plugins: [oauthPlugin] });
  assertVendor(config, 'oauth');
  return { adapter: oauthPlugin.createAdapter(config, { fetch }), env };
}

/**
 * The same four-row matrix in the IdP's own delegation: the web app's session holds the human's
 * token, the agent exchanges it through `@dual-auth/adapter-oauth` with the vendor's preset, and an
 * API configured for the RFC 8693 layout verifies the token (human in `sub`, agent in `act`).
 * Returns no rows for a vendor whose local IdP has no native delegation.
 */
export async function nativeDelegationMatrix(
  idp: LocalIdp,
  parties: MatrixParties,
  write: (line: string) => void,
): Promise<ExchangeRow[]> {
  const delegation = idp.profile.nativeDelegation;
  if (delegation === undefined) return [];
  const api = await startDemoApi(idp, { layout: 'rfc8693' });
  const rows: ExchangeRow[] = [];
  try {
    const [authorizedAgent] = parties.agents;
    const [authorizedHuman] = parties.humans;
    for (const agentId of parties.agents) {
      const { adapter, env } = await delegatingAdapter(idp, delegation, agentId);
      if (agentId === authorizedAgent) {
        const how = env.OAUTH_PRESET
          ? `OAUTH_PRESET=${env.OAUTH_PRESET}`
          : `OAUTH_MODE=${env.OAUTH_MODE}`;
        write(`\n   native delegation (RFC 8693 layout)   ${how}, API layout rfc8693`);
      }
      const tokens = new InSessionTokenRequest({ adapter });
      for (const username of parties.humans) {
        const session = await loggedIn(idp, delegation, username, agentId);
        const token = await tokens.requestToken({
          agentId,
          // The session's act: Entra's access token names the human by a pairwise `sub` and her
          // `oid`, so the exchange is asked for her by `oid` (adapter-oauth compares only `oid`).
          act: {
            sub: session.userId,
            ...(session.userOid === undefined ? {} : { oid: session.userOid }),
          },
          scope: ['finance.read'],
          subjectToken: session.subjectToken,
        });
        if (agentId === authorizedAgent && username === authorizedHuman) {
          write(`      ${describeToken(token)}`);
        }
        const response = await new InSessionApiCall({ fetch: idp.fetch }).callApi({
          method: 'GET',
          apiUrl: api.url,
          tokenResponse: token,
          throwHttpErrors: false,
        });
        const body = (await response.json()) as { failed_side?: string };
        const row: ExchangeRow = {
          vendor: idp.vendor,
          agentId,
          username,
          expected: agentId === authorizedAgent && username === authorizedHuman ? 'ALLOW' : 'DENY',
          actual: response.status === 200 ? 'ALLOW' : 'DENY',
          status: response.status,
          failedSide: body.failed_side,
        };
        rows.push(row);
        const why = row.failedSide === undefined ? '' : ` (${row.failedSide} not authorized)`;
        write(
          `            ${agentId.padEnd(15)}${username.padEnd(7)}${row.expected.padEnd(10)}${row.actual} ${row.status}${why} ${row.actual === row.expected ? '✓' : '✗'}`,
        );
      }
    }
  } finally {
    await api.close();
  }
  return rows;
}
