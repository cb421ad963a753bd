import { type Act, createAdapter, type IamAdapter } from '@dual-auth/core';
import { type LocalIdp, loadWorkspaceAdapterPlugins } from '@dual-auth/testing';
import { SignJWT } from 'jose';
import type { GuardDecision, GuardInput } from '../../src/guard-decision.js';

/** The adapter plugins of the workspace's adapter packages. */
export const PLUGINS = await loadWorkspaceAdapterPlugins();

/** The real adapter of the IdP's vendor for one of its agents, talking to it over TLS. */
export async function adapterFor(idp: LocalIdp, agentId: string): Promise<IamAdapter> {
  return createAdapter(undefined, { env: idp.env(agentId), plugins: PLUGINS, fetch: idp.fetch });
}

/** The act of a directory human, as a web app would build it (with email and name). */
export function actOf(idp: LocalIdp, username: string): Act {
  const human = [...idp.humans.values()].find((h) => h.username === username);
  if (human === undefined) throw new Error(`no human ${username}`);
  return {
    sub: human.sub,
    ...(human.email ? { email: human.email } : {}),
    ...(human.name ? { name: human.name } : {}),
    ...(human.oid ? { oid: human.oid } : {}),
  };
}

/** The headers the client package sends for a dual-subject token. */
export function headersOf(token: { accessToken: string; actAssertion?: string | undefined }) {
  return {
    authorization: `Bearer ${token.accessToken}`,
    ...(token.actAssertion ? { 'x-act-assertion': token.actAssertion } : {}),
  };
}

/**
 * An access token issued by the IdP to `finance-agent` with a client assertion that carries no
 * `act` (every IdP that copies `act` into its tokens): what an agent that forgot the human would
 * get.
 */
export async function tokenWithoutAct(idp: LocalIdp): Promise<string> {
  const agent = idp.agents.get('finance-agent');
  if (agent === undefined) throw new Error('no finance-agent');
  const iat = Math.floor(Date.now() / 1000);
  const assertion = await new SignJWT({
    iss: agent.clientId,
    sub: agent.clientId,
    aud: idp.issuer,
    iat,
    exp: iat + 300,
    jti: crypto.randomUUID(),
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .sign(new TextEncoder().encode(agent.clientSecret));
  const fields: Record<string, string> = {
    grant_type: 'client_credentials',
    ...(idp.vendor === 'auth0'
      ? { client_id: agent.clientId, audience: idp.audience }
      : { scope: 'finance.read' }),
    client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    client_assertion: assertion,
  };
  const response = await idp.fetch(idp.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams(fields).toString(),
  });
  const body = (await response.json()) as { access_token?: string };
  if (typeof body.access_token !== 'string') throw new Error(`no token: ${response.status}`);
  return body.access_token;
}

/** A guard's decision for a GET of `/api/balance` with the headers of {@link headersOf}. */
export function checkHeaders(
  guard: { check(input: GuardInput): Promise<GuardDecision> },
  headers: Record<string, string | undefined>,
): Promise<GuardDecision> {
  return guard.check({
    authorization: headers.authorization,
    actAssertion: headers['x-act-assertion'],
    method: 'GET',
    route: '/api/balance',
  });
}
