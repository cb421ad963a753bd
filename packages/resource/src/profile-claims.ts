import { hasControlCharacters } from '@dual-auth/core/adapter-kit';
import { clientIdOf, refuseJwt, type TokenProfile } from '@dual-auth/core/jwt';

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
 * (`hasControlCharacters`).
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
  return clientId;
}

/** The roles and scopes a token grants, read from the profile's claim paths and de-duplicated. */
export function grantsOf(
  profile: TokenProfile,
  claims: Claims,
): { roles: string[]; scopes: string[] } {
  return { roles: merged(claims, profile.roleClaims), scopes: merged(claims, profile.scopeClaims) };
}
