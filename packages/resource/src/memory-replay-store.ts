import {
  InMemoryReplayStore,
  type InMemoryReplayStoreOptions,
  type ReplayStore,
} from '@dual-auth/core';

/**
 * Options of {@link createMemoryReplayStore}.
 *
 * @deprecated Use `InMemoryReplayStoreOptions` of `@dual-auth/core`.
 */
export type MemoryReplayStoreOptions = InMemoryReplayStoreOptions;

/**
 * The bounded in-process replay store, now core's `InMemoryReplayStore` (one for every package).
 * Kept so existing imports work.
 *
 * @deprecated Use `new InMemoryReplayStore(options)` from `@dual-auth/core`.
 *
 * @example
 * const replayStore = createMemoryReplayStore({ maxEntries: 10_000 });
 */
export function createMemoryReplayStore(options: MemoryReplayStoreOptions = {}): ReplayStore {
  return new InMemoryReplayStore(options);
}
