import { describe, expect, it } from 'vitest';
import { retryAfterMs } from './retry-after.js';

const now = Date.parse('2025-03-01T12:00:00Z');

describe('retryAfterMs', () => {
  it.each([
    ['0', 0],
    ['7', 7000],
    [' 120 ', 120_000],
    ['Sat, 01 Mar 2025 12:00:03 GMT', 3000],
    ['Saturday, 01-Mar-25 12:00:10 GMT', 10_000],
    ['Sat Mar  1 12:00:05 2025', 5000],
    ['Sat, 01 Mar 2025 11:59:00 GMT', 0],
  ])('reads %j as %i ms', (value, ms) => {
    expect(retryAfterMs(value, now)).toBe(ms);
  });

  it.each([null, '', '-1', '1.5', 'soon', '2025-03-01T12:00:03Z', 'Xyz'])('ignores %j', (value) => {
    expect(retryAfterMs(value, now)).toBeUndefined();
  });
});
