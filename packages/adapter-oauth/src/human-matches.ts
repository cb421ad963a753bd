import type { Act, SubjectToken } from '@dual-auth/core';
import type { OAuthMode } from './oauth-config.js';
import { subjectClaimsOf } from './subject-claims-of.js';

/** The values that are non-empty strings, in order. */
export function nonEmptyStrings(values: readonly unknown[]): string[] {
  return values.filter((value): value is string => typeof value === 'string' && value !== '');
}

/**
 * The id a token gives its human in `humanIdClaim` (`OAUTH_HUMAN_ID_CLAIM`, Okta's `uid`), or by
 * default in `sub`. Under `humanIdClaim` the token's `sub` is a login, never read as an id.
 */
export function humanIdOf(
  claims: Readonly<Record<string, unknown>>,
  humanIdClaim: string | undefined,
): unknown {
  if (humanIdClaim === undefined) return claims.sub;
  return Object.hasOwn(claims, humanIdClaim) ? claims[humanIdClaim] : undefined;
}

/** Whether a token names no human: no id (`humanIdOf`) and, by default, no Entra `oid` either. */
export function namesNoHuman(
  claims: Readonly<Record<string, unknown>>,
  humanIdClaim: string | undefined,
): boolean {
  // Under humanIdClaim an oid alone does not do: the setting says where the human's id is.
  return (
    humanIdOf(claims, humanIdClaim) === undefined &&
    (humanIdClaim !== undefined || claims.oid === undefined)
  );
}

/**
 * The human ids a delegation asked for: `act.sub`/`act.oid`, and, when `act` has no `oid`, the
 * Entra `oid` of the human's own subject token whose `sub` is `act.sub` (a `UserSession` without
 * `userOid`: that token is hers, so its `oid` is hers too). A subject token whose `sub` is not
 * `act.sub` adds nothing: `checkSubjectHuman` refuses one with an id that is not asked for (but
 * Entra's pairwise `sub` in `on-behalf-of`, which is never compared). `subjectClaims`: the
 * subject token's claims when the caller has decoded them (default: `subjectClaimsOf`, when
 * needed).
 * `humanIdClaim`: where the subject token has its human's id instead of `sub` (`humanIdOf`).
 */
export function askedHumans(
  act: Act,
  subjectToken?: SubjectToken,
  // A caller that has decoded the subject token already passes its claims: decoded once.
  subjectClaims = act?.oid === undefined && subjectToken
    ? subjectClaimsOf(subjectToken)
    : undefined,
  humanIdClaim?: string,
): string[] {
  const asked = nonEmptyStrings([act?.sub, act?.oid]);
  // Without act.oid, asked is [act.sub] (or nothing): its id is act's only when asked has it.
  const claims = act?.oid === undefined && subjectClaims;
  return claims && asked.includes(humanIdOf(claims, humanIdClaim) as string)
    ? nonEmptyStrings([...asked, claims.oid])
    : asked;
}

/**
 * Whether every human id a token carries (`sub`, Entra `oid`, each when present, at least one) is
 * one asked for: a token with `sub` of one human and `oid` of another is read as the first by some
 * APIs and the second by others. An id present but not a non-empty string (`sub: ["u-bob"]`) is
 * no match: an API may still read a human from it (`String(sub)`, `sub[0]`). Entra's `sub` is
 * pairwise (one per application), so in `on-behalf-of` its `oid` alone tells the human. Under
 * `humanIdClaim` (`OAUTH_HUMAN_ID_CLAIM`) that claim takes the place of `sub`, and must be there
 * (`namesNoHuman`); `sub`, a login, is not compared.
 */
export function humanMatches(
  claims: Readonly<Record<string, unknown>>,
  asked: readonly string[],
  mode: OAuthMode,
  humanIdClaim?: string,
): boolean {
  const { oid } = claims;
  const id = humanIdOf(claims, humanIdClaim);
  if (namesNoHuman(claims, humanIdClaim)) return false;
  const present = [id, oid].filter((value) => value !== undefined);
  if (nonEmptyStrings(present).length < present.length) return false;
  const idMatches =
    id === undefined ||
    asked.includes(id as string) ||
    (mode === 'on-behalf-of' && oid !== undefined);
  return idMatches && (oid === undefined || asked.includes(oid as string));
}

/** The human ids a token carries (`humanIdOf` and Entra `oid`) that are non-empty strings. */
export function humanIdsOf(
  claims: Readonly<Record<string, unknown>>,
  humanIdClaim: string | undefined,
): string[] {
  return nonEmptyStrings([humanIdOf(claims, humanIdClaim), claims.oid]);
}
