import { describe, expect, it } from 'vitest';
import { WarningGate } from './warning-gate.js';

const limits = { maxKeys: 16, maxPerWindow: 5, windowMs: 60_000 };

describe('WarningGate', () => {
  it('warns once per key, however often it is seen', () => {
    const gate = new WarningGate(limits);
    expect(gate.admit('profile email', 0)).toEqual({ warn: true, suppressed: 0 });
    for (let i = 1; i < 100; i++) expect(gate.admit('profile email', i * 1000).warn).toBe(false);
    expect(gate.size).toBe(1);
  });

  it('with 10 000 distinct random keys: 5 warnings a minute and at most 16 keys kept', () => {
    const gate = new WarningGate(limits);
    let warned = 0;
    for (let i = 0; i < 10_000; i++) {
      const key = `scope-${crypto.randomUUID()}`;
      if (gate.admit(key, 1_000 + i).warn) warned += 1;
      expect(gate.size).toBeLessThanOrEqual(16);
    }
    expect(warned).toBe(5);
    expect(gate.admit('next', 61_000)).toEqual({ warn: true, suppressed: 9_995 });
  });

  it('forgets the least recently seen key first, and a key held back warns once there is room', () => {
    const gate = new WarningGate({ maxKeys: 2, maxPerWindow: 2, windowMs: 10 });
    gate.admit('a', 0);
    gate.admit('b', 0);
    expect(gate.admit('c', 0)).toEqual({ warn: false, suppressed: 0 });
    expect(gate.admit('a', 1).warn).toBe(false);
    expect(gate.admit('c', 10)).toEqual({ warn: true, suppressed: 1 });
    // `b` was forgotten (least recently seen), `a` kept.
    expect(gate.admit('a', 11).warn).toBe(false);
    expect(gate.admit('b', 12).warn).toBe(true);
  });

  it('starts a window when the clock is set back', () => {
    const gate = new WarningGate({ maxKeys: 4, maxPerWindow: 1, windowMs: 60_000 });
    expect(gate.admit('a', 100_000).warn).toBe(true);
    expect(gate.admit('b', 100_001).warn).toBe(false);
    expect(gate.admit('b', 50_000)).toEqual({ warn: true, suppressed: 1 });
  });
});
