import {
  type ReplayClaimOptions,
  type ReplayStore,
  ReplayStoreFullError,
  replayStoreClockAdvice,
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
 * (a `StoreUnavailableError`), was full (`ReplayStoreFullError`), or `signal` aborted, the cause
 * attached, its message naming the hosts' clocks (NTP) when a clock made the store refuse (core's
 * `replayStoreClockAdvice`: `clock_skew`, `clock_went_back`); what else the store throws.
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
      `could not be checked for replay: ${replayStoreClockAdvice(cause) ?? (full ? FULL : 'the replay store did not answer')}`,
      { cause },
    );
  }
}

// What an operator should fix for a `ReplayStoreFullError` of no clock's fault: room.
const FULL =
  'the replay store is full for this agent (raise its maxEntries, or maxLongClaimsPerPartition of RedisReplayStore)';
