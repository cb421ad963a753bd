import { type Clock, type ReplayStore, systemClock } from '@dual-auth/core';

/** Options of {@link createMemoryReplayStore}. */
export interface MemoryReplayStoreOptions {
  /** Most `jti`s remembered at once; default 100 000. When full of live entries, claims throw. */
  maxEntries?: number;
  clock?: Clock;
}

/** Thrown by the memory replay store when every slot holds an unexpired `jti`. */
export class ReplayStoreFullError extends Error {
  constructor(maxEntries: number) {
    super(
      `Replay store is full (${maxEntries} unexpired entries); use a shared store such as Redis`,
    );
    this.name = 'ReplayStoreFullError';
  }
}

const SWEEP_STEP = 8;

/**
 * A bounded, in-process {@link ReplayStore}: right for one instance. Several instances behind a load
 * balancer need a shared store (`@dual-auth/store-redis`). It fails closed: when full of live
 * entries it throws rather than forget a `jti` that could then be replayed.
 *
 * @example
 * const replayStore = createMemoryReplayStore();
 * await replayStore.claim('jti-1', Date.now() + 300_000); // true
 * await replayStore.claim('jti-1', Date.now() + 300_000); // false: a replay
 */
export function createMemoryReplayStore(options: MemoryReplayStoreOptions = {}): ReplayStore {
  const maxEntries = options.maxEntries ?? 100_000;
  if (!Number.isInteger(maxEntries) || maxEntries < 1) {
    throw new TypeError('options.maxEntries must be a positive integer');
  }
  const clock = options.clock ?? systemClock;
  const seen = new Map<string, number>();

  const sweep = (now: number, limit: number) => {
    let checked = 0;
    for (const [jti, expiresAt] of seen) {
      if (checked++ >= limit) break;
      if (expiresAt <= now) seen.delete(jti);
    }
  };

  return {
    async claim(jti: string, expiresAt: number): Promise<boolean> {
      if (typeof jti !== 'string' || jti.length === 0)
        throw new TypeError('jti must be a non-empty string');
      if (!Number.isFinite(expiresAt)) throw new TypeError('expiresAt must be a finite number');
      const now = clock.now();
      sweep(now, SWEEP_STEP);
      const known = seen.get(jti);
      if (known !== undefined && known > now) return false;
      if (known === undefined && seen.size >= maxEntries) {
        sweep(now, Number.POSITIVE_INFINITY);
        if (seen.size >= maxEntries) throw new ReplayStoreFullError(maxEntries);
      }
      seen.set(jti, expiresAt);
      return true;
    },
  };
}
