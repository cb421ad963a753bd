import { describe, expect, it } from 'vitest';
import { SteadyClock } from './steady-clock.js';

describe('SteadyClock', () => {
  it('reads the clock as is while it never goes back', () => {
    const steady = new SteadyClock();
    expect(steady.read(1_000)).toBe(1_000);
    expect(steady.read(1_500)).toBe(1_500);
    expect(steady.offset).toBe(0);
  });

  it('never reads back after a step back, and runs on from there by the step', () => {
    const steady = new SteadyClock();
    steady.read(10_000);
    expect(steady.read(4_000)).toBe(10_000); // stepped back 6 s
    expect(steady.offset).toBe(6_000);
    expect(steady.read(5_000)).toBe(11_000);
    expect(steady.read(3_000)).toBe(11_000); // back 2 s (3 000 + 6 000 = 9 000)
    expect(steady.offset).toBe(8_000);
  });

  it('counts time as passed up to skipTo, never back', () => {
    const steady = new SteadyClock();
    steady.read(10_000);
    expect(steady.skipTo(12_000)).toBe(12_000);
    expect(steady.offset).toBe(2_000);
    expect(steady.read(10_500)).toBe(12_500);
    expect(steady.skipTo(11_000)).toBe(12_500);
    expect(steady.offset).toBe(2_000);
  });
});
