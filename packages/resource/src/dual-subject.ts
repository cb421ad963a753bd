import type { Act, Vendor } from '@dual-auth/core';
import type { JWTPayload } from 'jose';

/** The agent of a dual-subject request: the OAuth client the access token was issued to. */
export interface AgentSubject {
  /** Its client id: Keycloak/Auth0 `azp`, Okta `cid`, Entra `appid` (v1) or `azp` (v2). */
  readonly id: string;
  /** Roles granted to the agent: Keycloak `realm_access.roles`, Entra `roles`; none for Auth0, Okta. */
  readonly roles: readonly string[];
  /** Scopes or permissions: Auth0 `permissions` + `scope`, Okta `scp`, Keycloak `scope`, Entra `scp`. */
  readonly scopes: readonly string[];
  /** Every verified claim of the access token. */
  readonly raw: Readonly<JWTPayload>;
}

/** The human the agent acts for, from the verified `act` (Entra ID: the verified act assertion). */
export interface HumanSubject {
  /** `act.sub`: the IdP's user id. */
  readonly sub: string;
  /** `act.oid`: Entra's stable object id, when present. */
  readonly oid?: string;
  /** The verified `act` claim as sent (may hold email and name: do not log it). */
  readonly raw: Readonly<Act>;
}

/**
 * Both verified identities of a request. Its JSON and `util.inspect` forms show IAM ids only
 * (vendor, agent id, roles, scopes, `act.sub`, `act.oid`), never the raw claims with email or name.
 */
export interface DualSubject {
  readonly vendor: Vendor;
  readonly agent: AgentSubject;
  readonly human: HumanSubject;
}

function withHiddenRaw<T extends { raw: unknown }>(fields: Omit<T, 'raw'>, raw: T['raw']): T {
  return Object.freeze(
    Object.defineProperty({ ...fields }, 'raw', { value: Object.freeze(raw), enumerable: false }),
  ) as T;
}

/**
 * Makes a frozen {@link DualSubject}. `raw` is non-enumerable, so `JSON.stringify`, `util.inspect`
 * and spreads show IAM ids only and never the email or name inside the claims.
 */
export function createDualSubject(init: {
  vendor: Vendor;
  agent: AgentSubject;
  human: HumanSubject;
}): DualSubject {
  const { raw: agentRaw, ...agent } = init.agent;
  const { raw: humanRaw, ...human } = init.human;
  return Object.freeze({
    vendor: init.vendor,
    agent: withHiddenRaw<AgentSubject>(
      {
        ...agent,
        roles: Object.freeze([...agent.roles]),
        scopes: Object.freeze([...agent.scopes]),
      },
      agentRaw,
    ),
    human: withHiddenRaw<HumanSubject>(human, humanRaw),
  });
}
