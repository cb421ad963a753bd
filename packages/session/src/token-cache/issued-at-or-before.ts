import {
  checkIatBackdateSeconds,
  checkOption,
  cutoffIssuedAtSeconds,
  type DualSubjectToken,
  issuedBeforeCutoff,
  TokenRequestError,
} from '@dual-auth/core';
import { jwtPayloadOf } from '@dual-auth/core/adapter-kit';

/** A delegation cut-off a token must postdate to be served. */
export interface TokenCutoff {
  /** Ms since the epoch; none: any token is served. */
  notIssuedAtOrBeforeMs?: number | undefined;
  /**
   * How far, in seconds, the IdP's clock, or that of the agent instance that requested a stored
   * token, may run ahead of the one that recorded the cut-off; default 0, at most 300 (RFC 7519
   * §4.1.4: a few minutes at most).
   */
  clockToleranceSeconds?: number | undefined;
  /**
   * How many seconds before minting a token the IdP dates its `iat` (the adapter's
   * `IamAdapter.iatBackdateSeconds`: Entra ID 300): a JWT is judged issued at `iat` plus this, as
   * core's `cutoffIssuedAtSeconds` and the API guard judge it. Default 0.
   */
  iatBackdateSeconds?: number | undefined;
}

/**
 * Checks a cut-off before any token is judged by it: one that cannot be compared (NaN, a negative
 * tolerance, a backdate of a day) would let every token through.
 *
 * @throws TypeError unless `notIssuedAtOrBeforeMs` is absent or a finite number ≥ 0,
 * `clockToleranceSeconds` absent or one from 0 to 300 (seconds, not milliseconds), and `iatBackdateSeconds` absent or one from 0 to core's
 * `MAX_IAT_BACKDATE_SECONDS` (600).
 */
export function checkTokenCutoff(cutoff: TokenCutoff): void {
  checkOption(cutoff, 'notIssuedAtOrBeforeMs', 'number');
  checkOption(cutoff, 'clockToleranceSeconds', 'toleranceSeconds');
  checkIatBackdateSeconds(cutoff.iatBackdateSeconds, 'iatBackdateSeconds');
}

/**
 * The issue time of `token` as the cache reads it: its `issuedAt` (the start of its request for a
 * token the single-flight cache stored), else `expiresAt - expiresIn × 1000` (a token stored by a
 * version that kept no `issuedAt`: its request's start, or its receive time before the cache
 * counted from the start; nearly a lifetime early when capped by `notAfter`, Entra's act
 * assertion). Either is at or before the IdP's answer; NaN when it cannot be read.
 */
export function issueTimeOf(token: DualSubjectToken): number {
  return token.issuedAt ?? token.expiresAt - token.expiresIn * 1000;
}

/**
 * Whether `token` may have been issued at or before the cut-off, so that it is not served to a
 * delegation that began after it. Three bounds, any one refuses:
 * - its issue time as the cache reads it ({@link issueTimeOf}), at or before the cut-off or
 *   within `clockToleranceSeconds` after it (the instance that requested it, whose clock stamped
 *   it, may run ahead of the one that recorded the cut-off), or not a finite time (a token made
 *   without `createDualSubjectToken` whose `expiresAt` overflowed);
 * - `requestedAtMs`, when known: the start of a request a caller joined, at or before the
 *   cut-off (the IdP may have minted its token any time before it answered);
 * - a JWT access token's numeric `iat` plus the cut-off's `iatBackdateSeconds` (the IdP's
 *   backdating), judged as core's `issuedBeforeCutoff` judges it (its second, and
 *   `clockToleranceSeconds` after the cut-off, refused too). Should the IdP stop backdating, a
 *   token it minted up to that long before the cut-off passes this bound, as at the API guard;
 *   the issue time bounds it still, so it is served only when its request started after the
 *   cut-off (an IdP that answers a new request with a token it minted earlier).
 */
export function issuedAtOrBefore(
  token: DualSubjectToken,
  cutoff: TokenCutoff,
  requestedAtMs?: number,
): boolean {
  const cutoffMs = cutoff.notIssuedAtOrBeforeMs;
  if (cutoffMs === undefined) return false;
  // The receive time bounds the issue time from above, whatever `iat` says (an IdP clock ahead);
  // one that cannot be read (NaN from an overflowing `expiresAt`) may be before the cut-off. It is
  // read on the clock of the instance that requested the token, which may run ahead of the one
  // that recorded the cut-off, by the tolerance as an IdP's may.
  const toleranceMs = (cutoff.clockToleranceSeconds ?? 0) * 1000;
  if (!(issueTimeOf(token) > cutoffMs + toleranceMs)) return true;
  return answeredAtOrBefore(token, cutoff, requestedAtMs, cutoff.iatBackdateSeconds ?? 0);
}

/**
 * {@link issuedAtOrBefore} without the issue time as the cache reads it, for an IdP answer just
 * in: its request's start (`requestedAtMs`) at or before the cut-off, or its JWT's `iat` more than
 * `iatBackdateSeconds` before the cut-off (the IdP's backdating of its own request's answer). The read
 * issue time adds nothing there: a request started after the cut-off cannot have been answered
 * before it.
 */
function answeredAtOrBefore(
  token: DualSubjectToken,
  { notIssuedAtOrBeforeMs: cutoffMs, clockToleranceSeconds }: TokenCutoff,
  requestedAtMs: number | undefined,
  iatBackdateSeconds: number,
): boolean {
  if (cutoffMs === undefined) return false;
  if (requestedAtMs !== undefined && !(requestedAtMs > cutoffMs)) return true;
  // Decoded, not verified: the token came over TLS from the IdP it was asked of, and only the
  // cache's choice of whether to serve it again depends on it.
  const iat = jwtPayloadOf(token.accessToken)?.iat;
  return (
    typeof iat === 'number' &&
    Number.isFinite(iat) &&
    issuedBeforeCutoff(
      cutoffIssuedAtSeconds(iat, iatBackdateSeconds),
      cutoffMs,
      clockToleranceSeconds,
    )
  );
}

/**
 * `token`, an IdP answer to a request its caller started (at `requestedAtMs`, when known), unless
 * its request started at or before the caller's cut-off, or its JWT's `iat` plus the cut-off's
 * `iatBackdateSeconds` (the adapter's: Entra ID dates `iat` 300 s back,
 * https://learn.microsoft.com/entra/identity-platform/access-token-claims-reference) is at or
 * before it, or within `clockToleranceSeconds` after it: the one rule the token cache and the API
 * guard (its token profile's `iatBackdateSeconds`) judge by, so an answer the API would refuse is
 * not handed on (see {@link issuedAtOrBefore}). Asking again would loop: an IdP that reuses its
 * tokens answers the same one, and a request started on a clock behind the cut-off's starts
 * before it again.
 *
 * @throws TokenRequestError (status 200) when it does.
 */
export function notBeforeCutoff(
  token: DualSubjectToken,
  cutoff: TokenCutoff,
  requestedAtMs?: number,
): DualSubjectToken {
  if (!answeredAtOrBefore(token, cutoff, requestedAtMs, cutoff.iatBackdateSeconds ?? 0)) {
    return token;
  }
  throw new TokenRequestError({
    status: 200,
    message:
      "the IdP issued a token at or before the human's delegation cut-off: check that it mints one per request, and this host's clock",
  });
}
