import { describe, expect, it } from 'vitest';
import { createWarningGate } from './warning-gate.js';

const limits = { maxKeys: 16, maxPerWindow: 5, windowMs: 60_000 };

describe('createWarningGate', () => {
  it('warns once per key, however often it is seen', () => {
    const gate = createWarningGate(limits);
    expect(gate.admit('profile email', 0)).toBe(0);
    for (let i = 1; i < 100; i++) expect(gate.admit('profile email', i * 1000)).toBeUndefined();
    expect(gate.size).toBe(1);
  });

  it('with 10 000 distinct random keys: 5 warnings a minute and at most 16 keys kept', () => {
    const gate = createWarningGate(limits);
    let warned = 0;
    for (let i = 0; i < 10_000; i++) {
      const key = `scope-${crypto.randomUUID()}`;
      if (gate.admit(key, 1_000 + i) !== undefined) warned += 1;
      expect(gate.size).toBeLessThanOrEqual(16);
    }
    expect(warned).toBe(5);
    expect(gate.admit('next', 61_000)).toBe(9_995);
  });

  it('forgets the least recently seen key first; a key held back warns once there is room', () => {
    const gate = createWarningGate({ maxKeys: 2, maxPerWindow: 2, windowMs: 10 });
    gate.admit('a', 0);
    gate.admit('b', 0);
    expect(gate.admit('c', 0)).toBeUndefined();
    expect(gate.admit('a', 1)).toBeUndefined();
    expect(gate.admit('c', 10)).toBe(1);
    // `b` was forgotten (least recently seen), `a` kept.
    expect(gate.admit('a', 11)).toBeUndefined();
    expect(gate.admit('b', 12)).toBeDefined();
  });

  it('starts a window when the clock is set back', () => {
    const gate = createWarningGate({ maxKeys: 4, maxPerWindow: 1, windowMs: 60_000 });
    expect(gate.admit('a', 100_000)).toBeDefined();
    expect(gate.admit('b', 100_001)).toBeUndefined();
    expect(gate.admit('b', 50_000)).toBe(1);
  });
});
