import type { Clock } from '@dual-auth/core';
import { describe, expect, it } from 'vitest';
import { ClockTimer } from './clock-timer.js';

/** A clock that moves only when told, with its own timers (core's `Clock.setTimer`). */
function steppedClock() {
  let now = 1_000_000;
  const timers = new Set<{ atMs: number; fire: () => void }>();
  const clock: Clock = {
    now: () => now,
    setTimer(atMs, fire) {
      const timer = { atMs, fire };
      timers.add(timer);
      return () => timers.delete(timer);
    },
  };
  const advance = (ms: number): void => {
    now += ms;
    for (const timer of [...timers]) {
      if (timer.atMs > now) continue;
      timers.delete(timer);
      timer.fire();
    }
  };
  return { clock, advance, pending: () => timers.size };
}

describe('ClockTimer on a clock with its own timer', () => {
  it('fires when the injected clock reaches its time, with no wall time passing', () => {
    const { clock, advance, pending } = steppedClock();
    const fired: number[] = [];
    new ClockTimer(clock, clock.now() + 30_000, () => fired.push(clock.now()));
    advance(29_999);
    expect(fired).toEqual([]);
    advance(1);
    expect(fired).toEqual([clock.now()]);
    expect(pending()).toBe(0);
  });

  it('follows fireAt, earlier or later, and fires nothing once cancelled', () => {
    const { clock, advance, pending } = steppedClock();
    let fired = 0;
    const start = clock.now();
    const timer = new ClockTimer(clock, start + 1_000, () => fired++);
    timer.fireAt(start + 5_000);
    advance(1_000);
    expect(fired).toBe(0); // the pending timer found it early and waits for what is left
    advance(4_000);
    expect(fired).toBe(1);
    timer.fireAt(start + 6_000);
    timer.fireAt(start + 5_500);
    advance(500);
    expect(fired).toBe(2);
    timer.fireAt(start + 7_000);
    timer.cancel();
    advance(10_000);
    expect(fired).toBe(2);
    expect(pending()).toBe(0);
  });

  it('fires once when the clock is already past its time, also from inside setTimer', () => {
    let fired = 0;
    const clock: Clock = {
      now: () => 5,
      setTimer(atMs, fire) {
        if (atMs <= 5) fire();
        return () => {};
      },
    };
    const timer = new ClockTimer(clock, 5, () => fired++);
    expect(fired).toBe(1);
    timer.fireAt(4);
    expect(fired).toBe(2);
    timer.cancel();
    expect(fired).toBe(2);
  });
});
