import type { Act, SubjectToken } from '@dual-auth/core';
import { jwtPayloadOf } from '@dual-auth/core/adapter-kit';
import type { OAuthMode } from './oauth-config.js';

/** The values that are non-empty strings, in order. */
export function nonEmptyStrings(values: readonly unknown[]): string[] {
  return values.filter((value): value is string => typeof value === 'string' && value !== '');
}

/**
 * The human ids a delegation asked for: `act.sub`/`act.oid` and, when the human's own subject
 * token is a JWT, its `sub`/`oid` (decoded, never verified; none from an opaque token or a SAML
 * assertion).
 */
export function askedHumans(act: Act, subjectToken: SubjectToken | undefined): string[] {
  const claims = subjectToken === undefined ? undefined : jwtPayloadOf(subjectToken.value);
  return nonEmptyStrings([act?.sub, act?.oid, claims?.sub, claims?.oid]);
}

/**
 * Whether every human id a token carries (`sub`, Entra `oid`, each when present, at least one) is
 * one asked for: a token with `sub` of one human and `oid` of another is read as the first by some
 * APIs and the second by others. Entra's `sub` is pairwise (one per application), so in
 * `on-behalf-of` its `oid` alone tells the human.
 */
export function humanMatches(
  claims: Readonly<Record<string, unknown>>,
  asked: readonly string[],
  mode: OAuthMode,
): boolean {
  const [sub] = nonEmptyStrings([claims.sub]);
  const [oid] = nonEmptyStrings([claims.oid]);
  if (sub === undefined && oid === undefined) return false;
  const subMatches =
    sub === undefined || asked.includes(sub) || (mode === 'on-behalf-of' && oid !== undefined);
  return subMatches && (oid === undefined || asked.includes(oid));
}
