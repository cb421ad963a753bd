import { afterEach, describe, expect, it, vi } from 'vitest';
import { steppedClock } from '../../test/stepped-clock.js';
import type { Clock } from './clock.js';
import { ClockTimer } from './clock-timer.js';

describe('ClockTimer on a clock with its own timer', () => {
  it('fires when the injected clock reaches its time, with no wall time passing', () => {
    const clock = steppedClock(1_000_000);
    const fired: number[] = [];
    new ClockTimer(clock, clock.now() + 30_000, () => fired.push(clock.now()));
    clock.advance(29_999);
    expect(fired).toEqual([]);
    clock.advance(1);
    expect(fired).toEqual([clock.now()]);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('follows fireAt, earlier or later, and fires nothing once cancelled', () => {
    const clock = steppedClock(1_000_000);
    let fired = 0;
    const start = clock.now();
    const timer = new ClockTimer(clock, start + 1_000, () => fired++);
    timer.fireAt(start + 5_000);
    clock.advance(1_000);
    expect(fired).toBe(0); // the pending timer found it early and waits for what is left
    clock.advance(4_000);
    expect(fired).toBe(1);
    timer.fireAt(start + 6_000);
    timer.fireAt(start + 5_500);
    clock.advance(500);
    expect(fired).toBe(2);
    timer.fireAt(start + 7_000);
    timer.cancel();
    clock.advance(10_000);
    expect(fired).toBe(2);
    expect(clock.pendingTimers()).toBe(0);
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

describe('ClockTimer on a clock without its own timer (a real timer)', () => {
  /** A clock that moves only when told, driving real timers (faked by vitest here). */
  function timerlessClock() {
    let now = 1_000_000;
    const clock: Clock = { now: () => now };
    return { clock, move: (ms: number) => (now += ms) };
  }

  afterEach(() => vi.useRealTimers());

  it('fires only once the injected clock reaches its time, however early the timer runs', () => {
    vi.useFakeTimers();
    const { clock, move } = timerlessClock();
    const fired: number[] = [];
    new ClockTimer(clock, clock.now() + 1_000, () => fired.push(clock.now()));
    vi.advanceTimersByTime(5_000); // the machine's time passes, the clock's does not
    expect(fired).toEqual([]);
    expect(vi.getTimerCount()).toBe(1); // it waits again for what is left
    move(600);
    vi.advanceTimersByTime(1_000);
    expect(fired).toEqual([]);
    move(400);
    vi.advanceTimersByTime(400);
    expect(fired).toEqual([clock.now()]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('follows fireAt, fires nothing once cancelled, and keeps unref() across re-arming', () => {
    vi.useFakeTimers();
    const { clock, move } = timerlessClock();
    let fired = 0;
    const start = clock.now();
    const timer = new ClockTimer(clock, start + 1_000, () => fired++);
    timer.unref();
    timer.fireAt(start + 500);
    expect(vi.getTimerCount()).toBe(1);
    move(500);
    vi.advanceTimersByTime(500);
    expect(fired).toBe(1);
    timer.fireAt(start + 2_000);
    timer.cancel();
    move(5_000);
    vi.advanceTimersByTime(5_000);
    expect(fired).toBe(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('lets the runtime exit while unref’d, also after waiting again for what is left', () => {
    const { clock } = timerlessClock();
    const handles: Array<{ hasRef(): boolean }> = [];
    const realSetTimeout = globalThis.setTimeout;
    const spy = vi.spyOn(globalThis, 'setTimeout').mockImplementation(((
      fn: () => void,
      ms?: number,
    ) => {
      const handle = realSetTimeout(fn, ms);
      handles.push(handle);
      return handle;
    }) as typeof setTimeout);
    try {
      const timer = new ClockTimer(clock, clock.now() + 60_000, () => undefined);
      timer.unref();
      timer.fireAt(clock.now() + 30_000); // earlier: a new timer
      expect(handles.length).toBe(2);
      expect(handles.map((handle) => handle.hasRef())).toEqual([false, false]);
      timer.cancel();
    } finally {
      spy.mockRestore();
    }
  });
});

describe('ClockTimer on a wall clock stepped back', () => {
  const HOUR_MS = 3_600_000;
  afterEach(() => vi.useRealTimers());

  it('ClockTimer fires once its real timer waited, when the clock went back meanwhile', () => {
    vi.useFakeTimers();
    let now = 1_000_000;
    const clock: Clock = { now: () => now };
    const fired: number[] = [];
    const timer = new ClockTimer(clock, now + 1_000, () => fired.push(now));
    now += 400;
    expect(timer.now()).toBe(1_000_400);
    now -= HOUR_MS; // the wall clock is stepped back an hour
    expect(timer.now()).toBe(1_000_400); // it never goes back
    vi.advanceTimersByTime(1_000);
    expect(fired).toHaveLength(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('ClockTimer still waits for a clock that stands still (a test clock), and fires when it moves', () => {
    vi.useFakeTimers();
    let now = 1_000_000;
    const clock: Clock = { now: () => now };
    let fired = 0;
    new ClockTimer(clock, now + 1_000, () => fired++);
    vi.advanceTimersByTime(5_000);
    expect(fired).toBe(0);
    now += 1_000;
    vi.advanceTimersByTime(1_000);
    expect(fired).toBe(1);
  });
});

// Session 38 (wave38/backstop): a clock without setTimer that stood still kept the timer waiting
// for ever (a client's call to an API that never answered never ended).
describe('ClockTimer on a clock without its own timer that stands still (the backstop)', () => {
  afterEach(() => vi.useRealTimers());

  it('fires with true once real timers waited the wait and 5 000 ms more, not a moment before', () => {
    vi.useFakeTimers();
    const clock: Clock = { now: () => 1_000_000 };
    const fired: boolean[] = [];
    new ClockTimer(clock, clock.now() + 1_000, (stoodStill) => fired.push(stoodStill));
    vi.advanceTimersByTime(5_999);
    expect(fired).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(fired).toEqual([true]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('waits twice a wait longer than 5 000 ms', () => {
    vi.useFakeTimers();
    const clock: Clock = { now: () => 0 };
    const fired: boolean[] = [];
    new ClockTimer(clock, 30_000, (stoodStill) => fired.push(stoodStill));
    vi.advanceTimersByTime(59_999);
    expect(fired).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(fired).toEqual([true]);
  });

  it('counts again from nothing once the clock moves at all, and fires as ever when it reaches at', () => {
    vi.useFakeTimers();
    let now = 1_000_000;
    const clock: Clock = { now: () => now };
    const fired: boolean[] = [];
    new ClockTimer(clock, now + 1_000, (stoodStill) => fired.push(stoodStill));
    vi.advanceTimersByTime(5_000);
    now += 1; // moved: the stand-still counts from here
    vi.advanceTimersByTime(5_000);
    expect(fired).toEqual([]);
    now += 999;
    vi.advanceTimersByTime(1_000);
    expect(fired).toEqual([false]);
  });

  it('never fires by the backstop on a clock with setTimer that stands still', () => {
    vi.useFakeTimers();
    const clock = steppedClock(1_000_000);
    let fired = 0;
    new ClockTimer(clock, clock.now() + 1_000, () => fired++);
    vi.advanceTimersByTime(10 * 60_000);
    expect(fired).toBe(0);
    expect(clock.pendingTimers()).toBe(1);
  });
});

describe('ClockTimer as exported (its arguments checked)', () => {
  afterEach(() => vi.useRealTimers());

  // Session 37 (wave37/review2): `at` was checked as a number >= 0, so a clock reading below 0
  // (a test's clock counting from before 1970) was refused; the client's calls arm it so.
  it('takes a time below 0, as a clock may read, and fires at it', async () => {
    const { ClockTimer: Exported } = await import('../index.js');
    vi.useFakeTimers();
    let now = -5_000;
    let fired = 0;
    new Exported({ now: () => now }, now + 1_000, () => fired++);
    now += 1_000;
    vi.advanceTimersByTime(1_000);
    expect(fired).toBe(1);
  });

  it('refuses a time that is no number or NaN or Infinity, naming at', async () => {
    const { ClockTimer: Exported } = await import('../index.js');
    const clock: Clock = { now: () => 0 };
    for (const at of [Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => new Exported(clock, at, () => {})).toThrow(
        new TypeError('at must be a finite number >= 0'),
      );
    }
    for (const [at, found] of [
      ['5', 'string'],
      [null, 'null'],
    ] as const) {
      expect(() => new Exported(clock, at as never, () => {})).toThrow(
        new TypeError(`at must be a finite number >= 0, got ${found}`),
      );
    }
  });
});
