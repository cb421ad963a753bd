import {
  type ReplayClaimOptions,
  type ReplayStore,
  ReplayStoreFullError,
  StoreUnavailableError,
} from '@dual-auth/core';
import { raceAbort } from '@dual-auth/core/adapter-kit';
import { refuseJwt } from '@dual-auth/core/jwt';

/**
 * Claims `key` in the replay store until `expiresAtMs`, given up when `signal` aborts: true on its
 * first use, false when it was claimed before. Shared by the act assertion's and the DPoP proof's
 * `jti`.
 *
 * @throws ActVerificationError `replay_store_unavailable` for `label` when the store did not answer
 * (a `StoreUnavailableError`; of reason `clock_skew`: its clock and this process's differ too much), was full or its clock went back (`ReplayStoreFullError`), or `signal` aborted, the cause attached; what else the store throws.
 */
export async function claimFirstUse(
  label: string,
  store: ReplayStore,
  key: string,
  expiresAtMs: number,
  options: ReplayClaimOptions,
  signal: AbortSignal | undefined,
): Promise<boolean> {
  try {
    return await raceAbort(store.claim(key, expiresAtMs, options), signal);
  } catch (cause) {
    // The in-memory store's share for this agent forgot live entries to make room, or the store's
    // clock went back past what it may have swept: undecided too.
    const full = ReplayStoreFullError.isInstance(cause);
    if (!full && !StoreUnavailableError.isInstance(cause) && cause !== signal?.reason) throw cause;
    return refuseJwt(
      label,
      'replay_store_unavailable',
      `could not be checked for replay: ${full ? undecidedBecause(cause) : unansweredBecause(cause)}`,
      { cause },
    );
  }
}

/**
 * Why the store did not decide, for a `StoreUnavailableError` (or the request's abort): its clock
 * too far off this process's (`reason` `clock_skew`, store-redis' `maxClockSkewMs`), or no answer.
 */
function unansweredBecause(cause: unknown): string {
  return StoreUnavailableError.isInstance(cause) && cause.reason === 'clock_skew'
    ? "this process's clock and the replay store's differ by more than it allows (check the hosts' clocks: NTP)"
    : 'the replay store did not answer';
}

/** What an operator should fix for a `ReplayStoreFullError`, by its `reason` (none: full). */
function undecidedBecause(error: ReplayStoreFullError): string {
  return error.reason === 'clock_went_back'
    ? "the replay store's clock went back, so a claim it swept may be valid again (check the host's clock: NTP)"
    : 'the replay store is full for this agent (raise its maxEntries, or maxLongClaimsPerPartition of RedisReplayStore)';
}
