import { checkValue } from '../config/check-option.js';
import { StoreUnavailableError } from '../stores/store-unavailable-error.js';
import { cutoffIssuedAtSeconds } from './iat-backdate.js';

/**
 * Per-human "not before" cut-offs: when a human's delegations end (logout, an admin disabling
 * them), every credential minted for that human before the moment is refused — the act JWTs an
 * agent receives (`@dual-auth/session`) and the access tokens an API receives
 * (`@dual-auth/resource`), even within their lifetimes. In memory for one process
 * (`InMemoryDelegationCutoffStore`); shared (Redis) so that every instance sees a cut-off at once.
 * `human` is one key among the human's (`cutoffIdsOf`): `endDelegation` of `@dual-auth/session`
 * records each id of the human and each case-folded, one entry (a Redis key) apiece; a store
 * compares the keys exactly, never folding them itself.
 */
export interface DelegationCutoffStore {
  /**
   * Records that `human`'s delegations end at `cutoffMs` (ms since epoch), for `keepMs` (at least
   * the longest lifetime of a credential that could still carry the human, plus the clock
   * tolerance of the checks that read it once per place they grant it: on `iat` after the cut-off
   * (see `issuedBeforeCutoff`), on `exp`, and, at the API guard, on the lifetime cap). The latest cut-off wins and
   * is kept for the longest `keepMs` asked: an earlier cut-off leaves the stored one in place, but
   * may lengthen how long it is kept. A store may record a later cut-off than `cutoffMs`, never an
   * earlier one, so a cut-off only ever moves later: the processes that share a store have clocks
   * that differ, and one running slow records a logout in the past, which would leave the
   * credentials issued between that time and the real logout accepted everywhere (the Redis store
   * records the later of `cutoffMs` and Redis's `TIME`; `cutoffOf` reads what was recorded). `cutoffMs` is from 0 to 2^53 - 1 (`Number.MAX_SAFE_INTEGER`):
   * a store refuses any other with a TypeError before writing (`checkDelegationCutoffArguments`),
   * since it would read back as no time, every credential of the human refused; `keepMs` is > 0
   * and at most 2^53 - 1 (a store could not write more as whole ms), refused likewise.
   */
  endDelegation(human: string, cutoffMs: number, keepMs: number): Promise<void>;
  /**
   * The cut-off of `human` in ms since epoch (a finite number ≥ 0), or `undefined` when none is
   * kept.
   * Any other answer is taken as a store that did not answer: the credential is refused.
   */
  cutoffOf(human: string): Promise<number | undefined>;
}

/**
 * True when a credential issued at `iatSeconds` (a JWT's `iat`, in whole seconds) may predate
 * `cutoffMs`. It fails closed at both edges: `iat` loses the fraction of its second, so one issued
 * in the cut-off's second is refused too; and the issuer's clock may run up to
 * `clockToleranceSeconds` ahead of the clock that recorded the cut-off (the tolerance the caller
 * already grants `exp` and `iat`), so one issued within that many seconds after the cut-off is
 * refused as well. A new delegation for the human is therefore accepted only once its credentials
 * are issued more than the tolerance after the cut-off, and a store must keep the cut-off for the
 * longest credential lifetime plus the tolerance once per place it is granted (this one, the one
 * on `exp`, and any on the lifetime cap: three times at the API guard).
 *
 * @throws TypeError when `iatSeconds` is not a finite number, or `cutoffMs` (when given) or
 * `clockToleranceSeconds` not a finite number from 0 to 300 (seconds): no answer could be trusted
 * to fail closed.
 */
export function issuedBeforeCutoff(
  iatSeconds: number,
  cutoffMs: number | undefined,
  clockToleranceSeconds = 0,
): boolean {
  // Nothing it cannot compare may answer "not before the cut-off".
  if (!Number.isFinite(iatSeconds)) {
    throw new TypeError("iatSeconds must be a finite number (the credential's iat)");
  }
  checkValue(clockToleranceSeconds, 'clockToleranceSeconds', 'toleranceSeconds');
  checkValue(cutoffMs, 'cutoffMs', 'number');
  if (cutoffMs === undefined) return false;
  return iatSeconds * 1000 <= cutoffMs + clockToleranceSeconds * 1000;
}

/**
 * The ids of `act`'s human a cut-off may be keyed by: `act.sub` and, where the layout carries it
 * (Entra ID), `act.oid`; with `ignoreCase`, each of them case-folded too (after them, and only
 * where it differs). `endDelegation({ human: act })` records the cut-off under each
 * of them with `ignoreCase` (an Entra ID on-behalf-of token shares only `oid` with the session: its
 * `sub` is pairwise per API; the session's act JWTs may carry the UPN alone). A reader looks up
 * the ids exactly, and folded too where its IdP names one account by every case variant of an id
 * (`TokenProfile.humanIdsIgnoreCase`: Entra ID UPNs, Keycloak on a case-insensitive database),
 * never elsewhere (Okta and Auth0 ids are compared exactly): a credential naming `ALICE@CONTOSO.COM`
 * then finds the cut-off recorded for `Alice@contoso.com`.
 */
export function cutoffIdsOf(act: { sub: string; oid?: unknown }, ignoreCase?: boolean): string[] {
  const ids =
    typeof act.oid === 'string' && act.oid !== '' && act.oid !== act.sub
      ? [act.sub, act.oid]
      : [act.sub];
  // Lower, upper, then lower case: Unicode's full case folding as far as `String.prototype` goes
  // (`ß` and `SS` alike; the first lower case takes the capital sharp s `ẞ` to `ß`, which upper
  // then lower case alone left apart from `SS`). Two humans whose ids fold alike share a key: a
  // cut-off of one then refuses the other too (never fewer credentials, only more).
  return ignoreCase
    ? [...new Set([...ids, ...ids.map((id) => id.toLowerCase().toUpperCase().toLowerCase())])]
    : ids;
}

/**
 * The latest cut-off kept for any of `ids` (see `cutoffIdsOf`), in ms since epoch, or `undefined`.
 *
 * @throws whatever `store.cutoffOf` throws, and StoreUnavailableError (operation `cutoff`) when it
 * answers something that is neither a finite number ≥ 0 nor `undefined`: the caller refuses the
 * credential.
 */
export async function latestCutoffOf(
  store: DelegationCutoffStore,
  ids: readonly string[],
): Promise<number | undefined> {
  let latest: number | undefined;
  for (const id of ids) {
    const cutoffMs: unknown = await store.cutoffOf(id);
    if (cutoffMs === undefined) continue;
    // A negative time is no cut-off `endDelegation` records, and `issuedBeforeCutoff` would throw.
    if (typeof cutoffMs !== 'number' || !Number.isFinite(cutoffMs) || cutoffMs < 0) {
      throw new StoreUnavailableError(
        'cutoff',
        'the cut-off store answered something that is not a time',
      );
    }
    if (latest === undefined || cutoffMs > latest) latest = cutoffMs;
  }
  return latest;
}

/**
 * What {@link delegationCutoffVerdict} found: `open` (no cut-off, or one the credential postdates
 * by more than the tolerance), `ended` (issued at or before the cut-off, or within the tolerance
 * after it: see `issuedBeforeCutoff`) or `unavailable` (the store threw `cause`, or answered
 * something that is not a time; refuse, fail closed). `cutoffMs` is the cut-off read, in ms since
 * the epoch (`undefined` when none is kept). An `ended` verdict for a credential that may have been
 * issued after the cut-off (its `iat` second ends after it), refused only for the clock tolerance
 * or the whole second, has `withinToleranceUntilMs`: the moment (ms since the epoch, a whole
 * second) from which a credential issued for the human is accepted. Without it the credential was
 * issued before the cut-off.
 */
export type DelegationCutoffVerdict =
  | { state: 'open'; cutoffMs: number | undefined }
  | { state: 'ended'; cutoffMs: number; withinToleranceUntilMs?: number }
  | { state: 'unavailable'; cause: unknown };

/** What {@link delegationCutoffVerdict} takes. */
export interface DelegationCutoffCheck {
  /** Where `endDelegation` wrote the cut-offs. */
  store: DelegationCutoffStore;
  /** The human the credential carries (an `act` claim): its cut-off is read under `cutoffIdsOf`. */
  human: { sub: string; oid?: unknown };
  /**
   * Whether the credential's IdP names one account by every case variant of a human id (its
   * `TokenProfile.humanIdsIgnoreCase`): the cut-off is then read under the human's ids case-folded
   * too (`cutoffIdsOf`). Default false: exactly as the credential spells them.
   */
  humanIdsIgnoreCase?: boolean | undefined;
  /** When the credential was issued: its `iat`, in seconds since the epoch. */
  iatSeconds: number;
  /**
   * How many seconds before minting it the credential's issuer dated `iat` (its `TokenProfile`'s
   * `iatBackdateSeconds`: Entra ID 300); the credential is judged issued at `iatSeconds` plus this
   * (see `cutoffIssuedAtSeconds`). Default 0: `iat` is the minting time (an act JWT this library
   * signs).
   */
  iatBackdateSeconds?: number | undefined;
  /** How far the issuer's clock may run ahead of the one that recorded the cut-off, in seconds; default 0. */
  clockToleranceSeconds?: number | undefined;
}

/**
 * Whether a credential of `human` issued at `iatSeconds` (plus `iatBackdateSeconds`, see
 * `cutoffIssuedAtSeconds`) outlives the human's delegation cut-off: the latest cut-off kept under
 * any of the human's ids, compared by `issuedBeforeCutoff`. Never throws for the store: a store
 * that did not answer, or answered something that is not a time, is the `unavailable` verdict with
 * its cause. The caller maps `ended` and `unavailable` to its own refusal.
 *
 * @throws TypeError when `iatSeconds` is not a finite number, `clockToleranceSeconds` not a
 * finite number from 0 to 300 (seconds), or `iatBackdateSeconds` not one from 0 to 600 (a store that did not answer is
 * still `unavailable`).
 */
export async function delegationCutoffVerdict({
  store,
  human,
  humanIdsIgnoreCase,
  iatSeconds: rawIatSeconds,
  iatBackdateSeconds,
  clockToleranceSeconds = 0,
}: DelegationCutoffCheck): Promise<DelegationCutoffVerdict> {
  const iatSeconds = cutoffIssuedAtSeconds(rawIatSeconds, iatBackdateSeconds);
  let cutoffMs: number | undefined;
  try {
    cutoffMs = await latestCutoffOf(store, cutoffIdsOf(human, humanIdsIgnoreCase));
  } catch (cause) {
    return { state: 'unavailable', cause };
  }
  // Judged even when no cut-off is kept: an argument it cannot compare throws either way.
  if (!issuedBeforeCutoff(iatSeconds, cutoffMs, clockToleranceSeconds) || cutoffMs === undefined) {
    return { state: 'open', cutoffMs };
  }
  if ((iatSeconds + 1) * 1000 <= cutoffMs) return { state: 'ended', cutoffMs };
  // The first whole second `issuedBeforeCutoff` lets through.
  const withinToleranceUntilMs =
    (Math.floor((cutoffMs + clockToleranceSeconds * 1000) / 1000) + 1) * 1000;
  return { state: 'ended', cutoffMs, withinToleranceUntilMs };
}

/**
 * The words after a credential's label (`Act JWT`, `Access token`) in the refusal of an `ended`
 * verdict: "was issued before the human's delegations were ended", or, for one that may have been
 * issued after the cut-off, "was issued within N s of the human's cut-off (the clock tolerance); a
 * new delegation is accepted from <ISO 8601 time>" (N may be 0: `iat` counts whole seconds, so
 * one issued in the cut-off's own second may postdate it). Names no human, email or token.
 *
 * @param clockToleranceSeconds The tolerance the verdict was judged with, in seconds.
 */
export function endedDelegationPhrase(
  verdict: Extract<DelegationCutoffVerdict, { state: 'ended' }>,
  clockToleranceSeconds: number,
): string {
  const { withinToleranceUntilMs } = verdict;
  if (withinToleranceUntilMs === undefined) {
    return "was issued before the human's delegations were ended";
  }
  const acceptedFrom = new Date(withinToleranceUntilMs).toISOString();
  return `was issued within ${clockToleranceSeconds} s of the human's cut-off (the clock tolerance); a new delegation is accepted from ${acceptedFrom}`;
}
