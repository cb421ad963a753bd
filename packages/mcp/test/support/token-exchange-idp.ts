import { oauthPlugin, oauthTokenProfile } from '@dual-auth/adapter-oauth';
import {
  type Act,
  assertVendor,
  createSubjectToken,
  type DelegationCutoffStore,
  getConfig,
  type IamAdapter,
  type Logger,
} from '@dual-auth/core';
import {
  createDualAuthGuard,
  type DpopOptions,
  type DualAuthAuditEvent,
  type DualAuthGuard,
} from '@dual-auth/resource';
import type { LocalIdp } from '@dual-auth/testing';

/** The act of the local IdP's human `username` (`alice`, `bob`), by IAM id. */
export function actOf(idp: LocalIdp, username: string): Act {
  const human = [...idp.humans.values()].find((h) => h.username === username);
  if (human === undefined) throw new Error(`no human ${username}`);
  return { sub: human.sub };
}

/**
 * A guard for RFC 8693 tokens of the local IdP, for `audience` (the MCP server's URL), letting
 * every agent and human through: the tests' tool rules decide, or none does. `onDecision` gets
 * its audit records; `dpop`, the guard's DPoP check (RFC 9449 §7), when its tokens are bound;
 * `cutoffStore`, the humans' delegation cut-offs (`endDelegation`) it refuses tokens by.
 */
export function tokenExchangeGuard(
  idp: LocalIdp,
  audience: string,
  onDecision?: (event: DualAuthAuditEvent) => void,
  dpop?: DpopOptions,
  cutoffStore?: DelegationCutoffStore,
): DualAuthGuard {
  return createDualAuthGuard({
    ...(dpop === undefined ? {} : { dpop }),
    ...(cutoffStore === undefined ? {} : { cutoffStore }),
    ...(onDecision === undefined ? {} : { onDecision }),
    profile: oauthTokenProfile,
    layout: 'rfc8693',
    issuer: idp.issuer,
    audience,
    jwksUri: idp.jwksUrl,
    fetch: idp.fetch,
    agentAllowed: () => true,
    humanAllowed: () => true,
  });
}

/** `agentId`'s adapter in `OAUTH_MODE=token-exchange` at the local IdP, for `audience` if given. */
export async function tokenExchangeAdapter(
  idp: LocalIdp,
  agentId: string,
  options: { audience?: string | undefined; logger?: Logger | undefined } = {},
): Promise<IamAdapter> {
  const config = await getConfig({
    env: {
      ...idp.env(agentId),
      OAUTH_MODE: 'token-exchange',
      ...(options.audience === undefined ? {} : { API_AUDIENCE: options.audience }),
    },
    plugins: [oauthPlugin],
  });
  assertVendor(config, 'oauth');
  return oauthPlugin.createAdapter(config, {
    fetch: idp.fetch,
    ...(options.logger === undefined ? {} : { logger: options.logger }),
  });
}

/**
 * An access token of `agentId` for the local IdP's human `username`, by token exchange (RFC 8693)
 * of a subject token the IdP issued that human for the agent: scope `finance.read`, for the
 * IdP's audience (the MCP server's URL).
 */
export async function exchangedAccessToken(
  idp: LocalIdp,
  agentId: string,
  username: string,
): Promise<string> {
  const adapter = await tokenExchangeAdapter(idp, agentId);
  const act = actOf(idp, username);
  const humanToken = await idp.issueSubjectToken({ human: act.sub, audience: agentId });
  const token = await adapter.requestToken({
    agentId,
    act,
    scope: ['finance.read'],
    subjectToken: createSubjectToken(humanToken),
  });
  return token.accessToken;
}
