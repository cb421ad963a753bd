import { hasControlCharacters } from '@dual-auth/core/adapter-kit';
import {
  clientIdOf,
  type DelegationLayout,
  refuseJwt,
  type TokenProfile,
} from '@dual-auth/core/jwt';

type Claims = Readonly<Record<string, unknown>>;

function at(claims: Claims, path: string): unknown {
  let value: unknown = claims;
  for (const part of path.split('.')) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

function strings(value: unknown): string[] {
  if (typeof value === 'string') return value.split(' ').filter((part) => part.length > 0);
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  return [];
}

function merged(claims: Claims, paths: readonly string[]): string[] {
  return [...new Set(paths.flatMap((path) => strings(at(claims, path))))];
}

/**
 * The client a token was issued to, which it must name: the agent of the legacy layout, the
 * acting agent's cross-check of `rfc8693`. A missing, empty or non-string claim names no one.
 *
 * @throws ActVerificationError `missing_claim` naming the profile's first client-id claim;
 * `malformed` when that client id holds a control or bidirectional character
 * (`hasControlCharacters`), or when another of the profile's `clientIdClaims` names another
 * client (RFC 9068 §2.2, RFC 8693 §4.3: one token, one client), naming that claim.
 */
export function requiredClientIdOf(profile: TokenProfile, claims: Claims): string {
  const clientId = clientIdOf(profile, claims);
  if (clientId === undefined) {
    const claim = profile.clientIdClaims[0] ?? 'client_id';
    refuseJwt('Access token', 'missing_claim', `has no "${claim}" claim naming the agent`, {
      claim,
    });
  }
  // A client id with a control or bidirectional character is no IdP's: refused, never skipped for
  // the next claim, so that it can reach no log line or audit record. The message names the first
  // claim holding it, the one clientIdOf read, else (derived by the profile) the first claim.
  if (hasControlCharacters(clientId)) {
    const claim =
      profile.clientIdClaims.find((name) => claims[name] === clientId) ??
      profile.clientIdClaims[0] ??
      'sub';
    refuseJwt('Access token', 'malformed', `has a "${claim}" that is not a client id`, { claim });
  }
  refuseSecondClient(profile, claims, clientId);
  return clientId;
}

// One token is issued to one client (RFC 9068 §2.2 client_id, OIDC azp, RFC 8693 §4.3): a token
// whose client claims disagree is refused, as the agent's adapter refuses it (checkIssuedToken,
// checkDelegatedToken), never read by whichever claim comes first. The values are not quoted.
function refuseSecondClient(profile: TokenProfile, claims: Claims, clientId: string): void {
  const claim = profile.clientIdClaims.find((name) => {
    const value = claims[name];
    return typeof value === 'string' && value !== '' && value !== clientId;
  });
  if (claim === undefined) return;
  const first = profile.clientIdClaims.find((name) => claims[name] === clientId) ?? 'sub';
  refuseJwt(
    'Access token',
    'malformed',
    `names another client in "${claim}" than in "${first}": a token is issued to one client; have the IdP write the same client id in both`,
    { claim },
  );
}

/** Which of an agent's grant lists a token cannot tell. */
export type UnknownGrant = 'roles' | 'scopes';

/** An agent's roles and scopes as a token records them. */
export interface AgentGrants {
  roles: string[];
  scopes: string[];
  /** The lists the token does not record for the agent (each then empty); absent when none. */
  unknownGrants?: UnknownGrant[];
}

/**
 * The roles and scopes a token grants the agent, read from the profile's claim paths and
 * de-duplicated. The `legacy` token is the agent's own: `roleClaims` and `scopeClaims`. An
 * `rfc8693` token is the human's, exchanged for the agent, and its role and permission claims are
 * the human's: only the profile's `rfc8693AgentGrantClaims` are read, and a list the profile gives
 * no claim for is unknown (empty, and named in `unknownGrants`), never the human's.
 */
export function grantsOf(
  profile: TokenProfile,
  claims: Claims,
  layout: DelegationLayout,
): AgentGrants {
  if (layout === 'legacy') {
    return {
      roles: merged(claims, profile.roleClaims),
      scopes: merged(claims, profile.scopeClaims),
    };
  }
  const granted = profile.rfc8693AgentGrantClaims;
  const roleClaims = granted?.roleClaims ?? [];
  const scopeClaims = granted?.scopeClaims ?? [];
  const unknownGrants: UnknownGrant[] = [];
  if (roleClaims.length === 0) unknownGrants.push('roles');
  if (scopeClaims.length === 0) unknownGrants.push('scopes');
  return {
    roles: merged(claims, roleClaims),
    scopes: merged(claims, scopeClaims),
    ...(unknownGrants.length === 0 ? {} : { unknownGrants }),
  };
}
