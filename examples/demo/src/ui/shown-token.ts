import type { LocalIdp } from '@dual-auth/testing';
import { decodeJwt, decodeProtectedHeader } from 'jose';

/** Where one identity sits in a token: `act.sub`, `azp`, `roles`… */
export interface IdentityPlace {
  readonly who: 'agent' | 'human';
  /** The IAM id found there. */
  readonly id: string;
  /** The claim's path, dotted (`act.sub`). */
  readonly path: string;
}

/** The ids that name the agent and the human in a journey's tokens (IAM ids, never emails). */
export interface Identities {
  readonly agent: readonly string[];
  readonly human: readonly string[];
}

/** A token as the page shows it: decoded header and claims, the signature never sent. */
export interface ShownToken {
  readonly label: string;
  readonly header: Record<string, unknown>;
  readonly claims: Record<string, unknown>;
  readonly signature: 'elided';
  readonly places: readonly IdentityPlace[];
}

/** The ids of `agentId` and the human `username` in `idp`'s directory. */
export function identitiesIn(idp: LocalIdp, agentId: string, username: string): Identities {
  const agent = idp.agents.get(agentId);
  const human = [...idp.humans.values()].find((h) => h.username === username);
  return {
    agent: agent === undefined ? [agentId] : [agent.clientId, agent.objectId],
    human: human === undefined ? [] : [human.sub, ...(human.oid === undefined ? [] : [human.oid])],
  };
}

/** Every claim path whose value (or an element of it) is one of the agent's or human's ids. */
export function identityPlaces(claims: unknown, ids: Identities, path = ''): IdentityPlace[] {
  if (typeof claims === 'string') {
    const places: IdentityPlace[] = [];
    for (const who of ['agent', 'human'] as const) {
      if (ids[who].includes(claims)) places.push({ who, id: claims, path });
    }
    return places;
  }
  if (Array.isArray(claims)) {
    return claims.flatMap((value) => identityPlaces(value, ids, path));
  }
  if (typeof claims === 'object' && claims !== null) {
    return Object.entries(claims).flatMap(([name, value]) =>
      identityPlaces(value, ids, path === '' ? name : `${path}.${name}`),
    );
  }
  return [];
}

/** A compact JWT decoded for the page; the signature is dropped here and never leaves the server. */
export function shownToken(label: string, jwt: string, ids: Identities): ShownToken {
  const claims = decodeJwt(jwt);
  return {
    label,
    header: decodeProtectedHeader(jwt),
    claims,
    signature: 'elided',
    places: identityPlaces(claims, ids),
  };
}
