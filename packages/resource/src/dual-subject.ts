import { type Act, humanIdForLogging, type LoggableHuman, readsAsEmail } from '@dual-auth/core';
import type { DelegationLayout } from '@dual-auth/core/jwt';
import { scopesShownFor } from './audit-scope.js';

// Node's `util.inspect` hook, by its registered name: no Node import in this web package.
const INSPECT = Symbol.for('nodejs.util.inspect.custom');

/** The agent of a dual-subject request. */
export interface AgentSubject {
  /**
   * Legacy layout: the OAuth client the token was issued to (Keycloak/Auth0 `azp`, Okta `cid`,
   * Entra `appid`/`azp`). RFC 8693 layout: the acting agent, `act.sub`.
   */
  readonly id: string;
  /**
   * Roles the token grants the agent, where the token profile says they sit
   * (`realm_access.roles`, `roles`). Never the human's: in the `rfc8693` layout only the profile's
   * `rfc8693AgentGrantClaims` are read (see {@link AgentSubject.unknownGrants}).
   */
  readonly roles: readonly string[];
  /**
   * Scopes or permissions the token grants the agent (`scope`, `scp`, `permissions`), likewise, as
   * granted. The agent's JSON and `util.inspect` forms show them as `scopeForAudit` does (an IdP
   * may grant a scope per user, `files:alice@example.com`); a spread or `structuredClone` of the
   * agent is a plain copy with the granted names.
   */
  readonly scopes: readonly string[];
  /**
   * The lists the token does not record for the agent, each then empty: in the `rfc8693` layout the
   * token is the human's, and a profile without `rfc8693AgentGrantClaims` for roles (scopes) leaves
   * them unknown. `agentHasRole` (`agentHasScope`) refuse then; authorize such an agent by its id
   * (`agentIn`). Absent when the token records both.
   */
  readonly unknownGrants?: readonly ('roles' | 'scopes')[];
  /**
   * Every verified claim of the access token. Read it, never edit it: for an opaque token it is the
   * introspection answer the cache shares with every request of that token, frozen all through (a
   * write throws a `TypeError` in strict mode); copy it (`structuredClone`) to change it.
   */
  readonly raw: Readonly<Record<string, unknown>>;
}

/** The human the agent acts for. */
export interface HumanSubject {
  /**
   * The IdP's user id: `act.sub` (legacy) or the token's `sub` (RFC 8693), as verified. The
   * human's JSON and `util.inspect` forms show it as core's `humanIdForLogging` names an id (an
   * Entra UPN or any email-shaped id as its `sha256:` digest); a spread is a plain copy.
   */
  readonly sub: string;
  /**
   * Entra's stable object id, when the token shows it: the `rfc8693` layout's `oid` claim, or the
   * legacy layout's bound act assertion. Never the `act.oid` of a legacy token whose IdP copies
   * `act` from the agent's request (`legacyHuman: 'act-claim'`): there the human is `act.sub` alone.
   * The human's JSON and `util.inspect` forms show one that reads as an email (an IdP mapper put
   * the email there) as its `sha256:` digest, as the audit record's `human_oid`.
   */
  readonly oid?: string;
  /** The human's verified claims (`sub`, and `email`, `name`, `oid` when sent): do not log them. */
  readonly raw: Readonly<Act>;
}

/** One actor of a delegation chain. */
export interface ChainLink {
  /** The actor's id (`sub` of its `act` object; the client id for the legacy layout's one hop). */
  readonly id: string;
  /** Its verified `act` object as sent (`{ sub: <client id> }` for the legacy hop). */
  readonly raw: Readonly<Record<string, unknown>>;
}

/**
 * Both verified identities of a request, the same shape whatever the token layout. `chain` lists
 * every actor, the agent calling first (`chain[0].id === agent.id`), then each earlier actor in
 * the order RFC 8693 §4.1 nests them; the legacy layout has exactly one link. Its JSON and
 * `util.inspect` forms show IAM ids only (vendor, layout, agent id, roles, scopes with emails and
 * the human's own strings blanked as `scopeForAudit` shows them, human `sub` as
 * `humanIdForLogging` names it and `oid` (its digest when it reads as an email), the chain's ids,
 * each as `humanIdForLogging` names an id: an earlier actor may be named by an email, RFC 8693
 * §4.1), never the raw claims with email or name.
 */
export interface DualSubject {
  /** The token profile's vendor name (`keycloak`, `okta`, …). */
  readonly vendor: string;
  readonly layout: DelegationLayout;
  readonly agent: AgentSubject;
  readonly human: HumanSubject;
  readonly chain: readonly ChainLink[];
}

function withHiddenRaw<T extends { raw: unknown }>(
  fields: Omit<T, 'raw'>,
  raw: T['raw'],
  shown: PropertyDescriptorMap = {},
): T {
  return Object.freeze(
    Object.defineProperties(
      { ...fields },
      { raw: { value: Object.freeze(raw), enumerable: false }, ...shown },
    ),
  ) as T;
}

// Descriptors that print an object as `shown` gives it: in JSON and `util.inspect`, both of which
// call it as a method of the object printed.
function printedAs(shown: (this: unknown) => object): PropertyDescriptorMap {
  return { toJSON: { value: shown }, [INSPECT]: { value: shown } };
}

// The agent as logs may show it: its scopes blanked for the human (worked out only when printed,
// not for every request). Non-enumerable, so a spread of the agent is plain data.
function shownAgent(agent: Omit<AgentSubject, 'raw'>, human: HumanSubject['raw']) {
  return printedAs(() => ({ ...agent, scopes: scopesShownFor(agent.scopes, human) }));
}

// The human as logs may show it: `sub` as a log line names it (an Entra UPN, an Okta login or an
// email used as the id is a digest), an `oid` that reads as an email (an IdP mapper put it there)
// as its digest too, as the audit record's human_oid, the rest as verified. Off Node the digests
// are the ones the verification prepared on the subject's human, the object printed (`this`).
// Non-enumerable, as the agent's.
function shownHuman(human: Omit<HumanSubject, 'raw'>) {
  return printedAs(function shown(this: unknown) {
    const printed = (this ?? human) as LoggableHuman;
    const { oid } = human;
    const withOid = typeof oid === 'string' && oid !== '';
    return {
      ...human,
      // Without an oid, the human's own id is its sub: the digest prepared on it, off Node.
      sub: withOid ? humanIdForLogging({ sub: human.sub }) : humanIdForLogging(printed),
      ...(withOid && readsAsEmail(oid) ? { oid: humanIdForLogging(printed) } : {}),
    };
  });
}

// An actor as logs may show it: RFC 8693 §4.1 names an earlier actor by any id, an email in its
// own example, shown as its digest as a human's id is. Non-enumerable, as the agent's.
function shownLink(link: Omit<ChainLink, 'raw'>) {
  return printedAs(() => ({ ...link, id: humanIdForLogging({ sub: link.id }) }));
}

/**
 * Makes a frozen {@link DualSubject}. Every `raw` is non-enumerable, so `JSON.stringify`,
 * `util.inspect` and spreads show IAM ids only and never the email or name inside the claims; the
 * agent's `toJSON` and `util.inspect` forms show its scopes as `scopeForAudit` does, the human's its
 * `sub` as core's `humanIdForLogging` names it.
 */
export function createDualSubject(init: {
  vendor: string;
  layout: DelegationLayout;
  agent: AgentSubject;
  human: HumanSubject;
  chain: readonly ChainLink[];
}): DualSubject {
  const { raw: agentRaw, ...agent } = init.agent;
  const { raw: humanRaw, ...human } = init.human;
  const fields = {
    ...agent,
    roles: Object.freeze([...agent.roles]),
    scopes: Object.freeze([...agent.scopes]),
    ...(agent.unknownGrants === undefined
      ? {}
      : { unknownGrants: Object.freeze([...agent.unknownGrants]) }),
  };
  return Object.freeze({
    vendor: init.vendor,
    layout: init.layout,
    agent: withHiddenRaw<AgentSubject>(fields, agentRaw, shownAgent(fields, humanRaw)),
    human: withHiddenRaw<HumanSubject>(human, humanRaw, shownHuman(human)),
    chain: Object.freeze(
      init.chain.map(({ raw, ...link }) => withHiddenRaw<ChainLink>(link, raw, shownLink(link))),
    ),
  });
}
