import { describe, expect, it } from 'vitest';
import { LineGate } from './line-gate.js';

// Session 35 (wave35/review2): the one rate limit of redis_store_failed and redis_clock_skew,
// which were two (a map of kinds without a count of the lines held back, and a single kind with one).
describe('LineGate', () => {
  it('lets one line of a kind through per interval and counts those held back', () => {
    const gate = new LineGate(10_000);
    expect(gate.admit('claim OOM', 0)).toBe(0);
    expect(gate.admit('claim OOM', 9_999)).toBeUndefined();
    expect(gate.admit('claim OOM', 5_000)).toBeUndefined();
    expect(gate.admit('cutoff OOM', 5_000)).toBe(0);
    expect(gate.admit('claim OOM', 10_000)).toBe(2);
    expect(gate.admit('claim OOM', 19_999)).toBeUndefined();
    expect(gate.admit('claim OOM', 20_000)).toBe(1);
  });

  it('lets a line through at once when the clock is set back', () => {
    const gate = new LineGate(60_000);
    expect(gate.admit('skew', 100_000)).toBe(0);
    expect(gate.admit('skew', 100_001)).toBeUndefined();
    expect(gate.admit('skew', 99_999)).toBe(1);
  });

  it('remembers at most maxKinds kinds, forgetting them all past that', () => {
    const gate = new LineGate(10_000, 3);
    for (const kind of ['a', 'b', 'c']) expect(gate.admit(kind, 0)).toBe(0);
    expect(gate.admit('a', 1)).toBeUndefined();
    expect(gate.admit('d', 1)).toBe(0);
    // 'a' was forgotten with the others: it logs again, its held-back line uncounted.
    expect(gate.admit('a', 2)).toBe(0);
  });
});
