import { describe, expect, it } from 'vitest';
import { heldClock } from './held-clock.js';

describe('heldClock', () => {
  it('stands still until advanced, from 2026-01-01T00:00:00Z or the start given', async () => {
    const clock = heldClock();
    const start = clock.now();
    expect(start).toBe(Date.parse('2026-01-01T00:00:00Z'));
    await new Promise((done) => setTimeout(done, 20));
    expect(clock.now()).toBe(start);
    clock.advance(1_500);
    expect(clock.now()).toBe(start + 1_500);
    expect(heldClock(42).now()).toBe(42);
  });

  it('fires a timer only once it is due, once, earliest first', () => {
    const clock = heldClock(0);
    const fired: string[] = [];
    clock.setTimer?.(300, () => fired.push('late'));
    clock.setTimer?.(100, () => fired.push('early'));
    clock.advance(99);
    expect(fired).toEqual([]);
    expect(clock.pendingTimers()).toBe(2);
    clock.advance(500);
    expect(fired).toEqual(['early', 'late']);
    clock.advance(1_000);
    expect(fired).toEqual(['early', 'late']);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('fires a timer that a firing timer sets when it is due by then, and never a cancelled one', () => {
    const clock = heldClock(0);
    const fired: string[] = [];
    const cancel = clock.setTimer?.(50, () => fired.push('cancelled'));
    clock.setTimer?.(100, () => {
      fired.push('first');
      clock.setTimer?.(150, () => fired.push('chained, due'));
      clock.setTimer?.(900, () => fired.push('chained, not due'));
    });
    cancel?.();
    clock.advance(200);
    expect(fired).toEqual(['first', 'chained, due']);
    expect(clock.pendingTimers()).toBe(1);
  });

  it('refuses to go back or to move by what is not a number', () => {
    const clock = heldClock(0);
    expect(() => clock.advance(-1)).toThrow(/finite number ≥ 0/);
    expect(() => clock.advance(Number.NaN)).toThrow(TypeError);
    expect(() => clock.advance('5' as unknown as number)).toThrow(TypeError);
    expect(() => heldClock(Number.POSITIVE_INFINITY)).toThrow(/startMs/);
    expect(clock.now()).toBe(0);
  });
});
