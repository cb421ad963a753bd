import { type Clock, systemClock } from '../contracts/clock.js';
import type { ReplayStore } from '../contracts/stores.js';
import { InMemoryReplayStore } from './in-memory-replay-store.js';

// On globalThis, so two copies of this package in one process still share one memory of jtis.
const REGISTRY = Symbol.for('dual-auth.default-replay-stores');

type Registry = WeakMap<Clock, ReplayStore>;

function registry(): Registry {
  const holder = globalThis as { [REGISTRY]?: Registry };
  holder[REGISTRY] ??= new WeakMap();
  return holder[REGISTRY];
}

/**
 * The replay store used when none is given: ONE {@link InMemoryReplayStore} per process (per
 * clock), created at first use — never at import — and shared by every verifier that got no
 * `replayStore`. So an `OutOfSessionTokenRequest` built per request (as the Python guide does)
 * still accepts each act JWT once. A store lives as long as its clock: every instance on the
 * system clock shares one; a test's injected clock gets its own, whose expiries follow it.
 * Several processes or hosts need a shared store (e.g. Redis) passed as `replayStore`.
 *
 * @example
 * const store = defaultReplayStore();
 * store === defaultReplayStore(); // true: per process
 */
export function defaultReplayStore(clock: Clock = systemClock): ReplayStore {
  const stores = registry();
  let store = stores.get(clock);
  if (store === undefined) {
    store = new InMemoryReplayStore({ clock });
    stores.set(clock, store);
  }
  return store;
}
