import type { Act, SubjectToken } from '@dual-auth/core';
import { jwtPayloadOf } from '@dual-auth/core/adapter-kit';
import type { OAuthMode } from './oauth-config.js';

/** The values that are non-empty strings, in order. */
export function nonEmptyStrings(values: readonly unknown[]): string[] {
  return values.filter((value): value is string => typeof value === 'string' && value !== '');
}

/**
 * The human ids a delegation asked for: `act.sub`/`act.oid`, and, when `act` has no `oid`, the
 * Entra `oid` of the human's own subject token whose `sub` is `act.sub` (a `UserSession` without
 * `userOid`: that token is hers, so its `oid` is hers too). A subject token whose `sub` is not
 * `act.sub` adds nothing: `checkSubjectHuman` refuses one with an id that is not asked for (but
 * Entra's pairwise `sub` in `on-behalf-of`, which is never compared). `subjectClaims`: the
 * subject token's claims when the caller has decoded them (default: decoded here, when needed).
 */
export function askedHumans(
  act: Act,
  subjectToken?: SubjectToken,
  // A caller that has decoded the subject token already passes its claims: decoded once.
  subjectClaims = act?.oid === undefined && subjectToken
    ? jwtPayloadOf(subjectToken.value)
    : undefined,
): string[] {
  const asked = nonEmptyStrings([act?.sub, act?.oid]);
  // Without act.oid, asked is [act.sub] (or nothing): its sub is act's only when asked has it.
  const claims = act?.oid === undefined && subjectClaims;
  return claims && asked.includes(claims.sub as string)
    ? nonEmptyStrings([...asked, claims.oid])
    : asked;
}

/**
 * Whether every human id a token carries (`sub`, Entra `oid`, each when present, at least one) is
 * one asked for: a token with `sub` of one human and `oid` of another is read as the first by some
 * APIs and the second by others. An id present but not a non-empty string (`sub: ["u-bob"]`) is
 * no match: an API may still read a human from it (`String(sub)`, `sub[0]`). Entra's `sub` is
 * pairwise (one per application), so in `on-behalf-of` its `oid` alone tells the human.
 */
export function humanMatches(
  claims: Readonly<Record<string, unknown>>,
  asked: readonly string[],
  mode: OAuthMode,
): boolean {
  const { sub, oid } = claims;
  if (sub === undefined && oid === undefined) return false;
  const present = [sub, oid].filter((id) => id !== undefined);
  if (nonEmptyStrings(present).length < present.length) return false;
  const subMatches =
    sub === undefined ||
    asked.includes(sub as string) ||
    (mode === 'on-behalf-of' && oid !== undefined);
  return subMatches && (oid === undefined || asked.includes(oid as string));
}
