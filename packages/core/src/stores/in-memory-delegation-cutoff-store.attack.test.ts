import { afterEach, describe, expect, it } from 'vitest';
import { InMemoryDelegationCutoffStore } from './in-memory-delegation-cutoff-store.js';

// Attack on bounds (Session 10, breaker18): every `endDelegation` walks EVERY kept cut-off to
// sweep the expired ones, and cut-offs are kept for a day (the longest token lifetime). With n
// humans who logged out in the last day, one logout costs n steps: a human account of one's own,
// logging out again and again (or a logout route that calls endDelegation for the session's
// human), blocks the event loop n steps per request, and ordinary traffic is quadratic.
// Measured: 100 000 kept → 7.1 ms of synchronous work per endDelegation (load average 18),
// i.e. ~140 logouts/s saturate the process's one thread.
// Severity: low–medium (CPU amplification on a cheap request; one account needed).
// Suggested fix: file cut-offs by expiry (core's ExpiryQueue, as InMemoryReplayStore does) and
// sweep only what expired: O(1) amortised per call whatever the size.

const KEPT = 10_000;
const DAY_MS = 86_400_000;
const MOST_VISITS_PER_CALL = 64;

const iterate = Map.prototype[Symbol.iterator];
let visits = 0;

// Counts the entries any Map hands out while a call runs: the store's walk is over its Map.
function countMapVisits(): void {
  Map.prototype[Symbol.iterator] = function counted(this: Map<unknown, unknown>) {
    const inner = iterate.call(this);
    return {
      next: () => {
        const step = inner.next();
        if (!step.done) visits += 1;
        return step;
      },
      [Symbol.iterator]() {
        return this;
      },
    } as MapIterator<[unknown, unknown]>;
  };
}

afterEach(() => {
  Map.prototype[Symbol.iterator] = iterate;
});

describe('attack: one human logging out again and again beside many kept cut-offs', () => {
  it(`a logout with ${KEPT} other humans' cut-offs kept visits at most ${MOST_VISITS_PER_CALL} of them`, async () => {
    const now = Date.parse('2026-12-02T03:00:00Z');
    const store = new InMemoryDelegationCutoffStore({ clock: { now: () => now } });
    for (let i = 0; i < KEPT; i += 1) await store.endDelegation(`human-${i}`, now, DAY_MS);

    countMapVisits();
    visits = 0;
    for (let i = 0; i < 10; i += 1) await store.endDelegation('attacker-human', now, DAY_MS);
    const perCall = visits / 10;
    Map.prototype[Symbol.iterator] = iterate;

    expect(await store.cutoffOf('human-0')).toBe(now); // the others are still kept (held)
    // Today: KEPT + 1 visits per call.
    expect(perCall).toBeLessThanOrEqual(MOST_VISITS_PER_CALL);
  });
});
