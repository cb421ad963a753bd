import type { Act } from '@dual-auth/core';
import { hasControlCharacters, MAX_ACT_SUB_LENGTH } from '@dual-auth/core/adapter-kit';
import { type DelegationClaims, refuseJwt, type TokenProfile } from '@dual-auth/core/jwt';
import type { ChainLink } from './dual-subject.js';
import { requiredClientIdOf } from './profile-claims.js';

const LABEL = 'Access token';

type Claims = Readonly<Record<string, unknown>>;

/** An RFC 8693 delegation read from a verified token. */
export interface Rfc8693Delegation {
  human: Act;
  /** The actors, the agent calling first. */
  chain: ChainLink[];
}

function isId(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.trim() !== '' &&
    value.length <= MAX_ACT_SUB_LENGTH &&
    !hasControlCharacters(value)
  );
}

function isObject(value: unknown): value is Claims {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// Walks act → act.act → … and stops one past the limit: a hostile chain is never read whole.
function nestedActors(act: unknown, maxChainDepth: number): unknown[] {
  const actors: unknown[] = [];
  for (let current = act; current !== undefined && actors.length <= maxChainDepth; ) {
    actors.push(current);
    current = isObject(current) ? current.act : undefined;
  }
  return actors;
}

function checkActors(actors: readonly unknown[], maxChainDepth: number): Claims[] {
  if (actors.length === 0) {
    refuseJwt(LABEL, 'missing_claim', 'has no "act" claim naming the acting agent', {
      claim: 'act',
    });
  }
  if (actors.length > maxChainDepth) {
    refuseJwt(
      LABEL,
      'chain_too_deep',
      `has a delegation chain of more than ${maxChainDepth} actors`,
      {
        claim: `act${'.act'.repeat(maxChainDepth)}`,
      },
    );
  }
  return actors.map((actor, index) => {
    const path = `act${'.act'.repeat(index)}`;
    if (!isObject(actor) || !isId(actor.sub)) {
      refuseJwt(LABEL, 'invalid_act', `has an "${path}" without an actor id in "sub"`, {
        claim: `${path}.sub`,
      });
    }
    return actor;
  });
}

// The legacy layout refuses an act naming its own client the same way: one party in both roles
// leaves a single identity where the rule wants two independent ones. The human is one party under
// each of its ids (`sub`, and the `oid` an Entra-shaped token carries beside it), and so is an
// actor (its `sub`, and an `oid` of its own): any of them shared is the human acting for itself.
// Compared without case, as the legacy layout compares: an IdP may read an id in any case, and a
// human whose id differs from an actor's only in case is no one's (fail closed).
function refuseHumanAsActor(human: Act, idClaim: string, actors: readonly Claims[]): void {
  const humanIds = new Map<string, string>([[human.sub.toLowerCase(), idClaim]]);
  const oid = human.oid?.toLowerCase();
  if (oid !== undefined && !humanIds.has(oid)) humanIds.set(oid, 'oid');
  actors.forEach((actor, index) => {
    for (const actorClaim of ['sub', 'oid'] as const) {
      const id = actor[actorClaim];
      const humanClaim = typeof id === 'string' ? humanIds.get(id.toLowerCase()) : undefined;
      if (humanClaim === undefined) continue;
      const path = `act${'.act'.repeat(index)}.${actorClaim}`;
      refuseJwt(
        LABEL,
        'layout_mismatch',
        `names its human (${humanClaim}) as an actor in "${path}" too`,
        {
          claim: path,
        },
      );
    }
  });
}

// A service account's subject differs from its client id (Entra object id vs app id, Keycloak's
// service-account user vs client id), so refuseHumanAsActor alone cannot see the agent as its own human.
function refuseServiceSubject(profile: TokenProfile, claims: Claims): void {
  const claim = profile.serviceSubjectClaim?.(claims);
  if (claim !== undefined) {
    refuseJwt(
      LABEL,
      'layout_mismatch',
      `is an application's or service account's own token ("${claim}"), its subject not a human: exchange a user's token for the agent`,
      { claim },
    );
  }
}

function humanOf(claims: Claims, idClaim: string): Act {
  if (claims.sub === undefined) {
    refuseJwt(LABEL, 'missing_claim', `has no "${idClaim}" claim naming the human`, {
      claim: idClaim,
    });
  }
  if (!isId(claims.sub)) {
    refuseJwt(LABEL, 'malformed', `has a "${idClaim}" that is not a user id`, { claim: idClaim });
  }
  const human: Act = { sub: claims.sub };
  for (const claim of ['email', 'name'] as const) {
    if (typeof claims[claim] === 'string') human[claim] = claims[claim];
  }
  if (typeof claims.oid === 'string' && claims.oid !== '') {
    // Logged in every audit record (human_id, human_oid): held to sub's rules, as act.oid is.
    if (!isId(claims.oid)) {
      refuseJwt(LABEL, 'malformed', 'has an "oid" that is not a user id', { claim: 'oid' });
    }
    human.oid = claims.oid;
  }
  return human;
}

// Under humanIdClaim the token's sub is a login: the profile and the checks below see the id in
// its place, so the login is neither read as the human nor kept in what is returned.
function withHumanId(claims: Claims, humanIdClaim: string | undefined): Claims {
  if (humanIdClaim === undefined) return claims;
  const id = Object.hasOwn(claims, humanIdClaim) ? claims[humanIdClaim] : undefined;
  return { ...claims, sub: id };
}

/**
 * Reads an RFC 8693 §4.1 delegation: the human is `sub`, the acting agent `act.sub`, and each
 * nested `act` an earlier actor, at most `maxChainDepth` actors. A profile's vendor facet may read
 * the delegation itself; the same checks apply to what it returns. The token must name the
 * client it was issued to (per the profile), and that client must be the acting agent: a
 * legacy-layout token (whose `act` is the human) is refused here, so the two subjects can never
 * swap. The human may not also be an actor anywhere in the chain (no self-delegation): no actor's
 * `sub` or `oid` may be the human's id or its `oid`, in any case. The token may not be an application's or
 * service account's own (the profile's `serviceSubjectClaim`, which reads the token as issued).
 * With `humanIdClaim` (Okta custom authorization server: `uid`) the human is that claim, read as
 * an own property, and `sub` (a login) is not read.
 *
 * @throws ActVerificationError `missing_claim`, `malformed`, `invalid_act`, `chain_too_deep` or
 * `layout_mismatch`.
 */
export function readRfc8693Delegation(
  profile: TokenProfile,
  claims: Claims,
  maxChainDepth: number,
  humanIdClaim?: string,
): Rfc8693Delegation {
  refuseServiceSubject(profile, claims);
  const named = withHumanId(claims, humanIdClaim);
  const read: DelegationClaims = profile.readDelegation?.(named, 'rfc8693') ?? {
    human: named,
    actors: nestedActors(claims.act, maxChainDepth) as Claims[],
  };
  const idClaim = humanIdClaim ?? 'sub';
  const human = humanOf(read.human, idClaim);
  const actors = checkActors(read.actors, maxChainDepth);
  const agentId = actors[0]?.sub as string;
  if (requiredClientIdOf(profile, claims) !== agentId) {
    refuseJwt(
      LABEL,
      'layout_mismatch',
      'names an acting agent (act.sub) that is not its client: a legacy-layout token is refused where RFC 8693 is configured',
      { claim: 'act.sub' },
    );
  }
  refuseHumanAsActor(human, idClaim, actors);
  return { human, chain: actors.map((actor) => ({ id: actor.sub as string, raw: actor })) };
}
