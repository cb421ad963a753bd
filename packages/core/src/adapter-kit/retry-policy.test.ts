import { describe, expect, it } from 'vitest';
import { backoffDelay, parseRetryAfter, resolveRetryPolicy } from './retry-policy.js';

describe('retry policy', () => {
  it('defaults to the reference budget: 3 retries', () => {
    expect(resolveRetryPolicy(undefined)).toEqual({
      retries: 3,
      baseDelayMs: 1000,
      maxDelayMs: 8000,
      maxRetryAfterMs: 30_000,
    });
    expect(resolveRetryPolicy(false).retries).toBe(0);
  });

  it('refuses options of the wrong type', () => {
    expect(() => resolveRetryPolicy({ retries: -1 })).toThrow(TypeError);
    expect(() => resolveRetryPolicy({ retries: 1.5 })).toThrow(TypeError);
    expect(() => resolveRetryPolicy('3' as never)).toThrow(TypeError);
  });

  it('backs off exponentially with 50–100 % jitter, capped', () => {
    const policy = resolveRetryPolicy({ baseDelayMs: 1000, maxDelayMs: 3000 });
    const low = () => new Uint8Array([0, 0]);
    const high = () => new Uint8Array([255, 255]);
    expect([1, 2, 3].map((n) => backoffDelay(policy, n, low))).toEqual([500, 1000, 1500]);
    expect([1, 2, 3].map((n) => backoffDelay(policy, n, high))).toEqual([1000, 2000, 3000]);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const clock = { now: () => Date.parse('2030-01-01T00:00:00Z') };
    expect(parseRetryAfter('7', clock)).toBe(7);
    expect(parseRetryAfter('Tue, 01 Jan 2030 00:00:05 GMT', clock)).toBe(5);
    expect(parseRetryAfter('Mon, 31 Dec 2029 00:00:00 GMT', clock)).toBe(0);
    expect(parseRetryAfter('soon', clock)).toBeUndefined();
    expect(parseRetryAfter(null, clock)).toBeUndefined();
  });
});
