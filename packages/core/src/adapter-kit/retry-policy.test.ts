import { describe, expect, it } from 'vitest';
import { backoffDelay, resolveRetryPolicy } from './retry-policy.js';

describe('retry policy', () => {
  it('defaults to the reference budget: 3 retries', () => {
    expect(resolveRetryPolicy(undefined)).toEqual({
      limit: 3,
      baseDelayMs: 1000,
      maxDelayMs: 8000,
      maxRetryAfterMs: 30_000,
    });
    expect(resolveRetryPolicy(false).limit).toBe(0);
  });

  it('refuses options of the wrong type', () => {
    expect(() => resolveRetryPolicy({ limit: -1 })).toThrow(TypeError);
    expect(() => resolveRetryPolicy({ limit: 1.5 })).toThrow(TypeError);
    expect(() => resolveRetryPolicy('3' as never)).toThrow(TypeError);
  });

  it('keeps a rateLimitField reader and refuses one that is not a function', () => {
    const read = (field: string) => field.length;
    expect(resolveRetryPolicy({ rateLimitField: read }).rateLimitField).toBe(read);
    expect(resolveRetryPolicy({ limit: 1 }, resolveRetryPolicy({ rateLimitField: read }))).toEqual(
      expect.objectContaining({ limit: 1, rateLimitField: read }),
    );
    expect(() => resolveRetryPolicy({ rateLimitField: 'ietf' as never })).toThrow(
      'retry.rateLimitField must be a function (ietfRateLimitField)',
    );
  });

  it('is the one vocabulary: limit, baseDelayMs, maxDelayMs, maxRetryAfterMs, with given defaults', () => {
    const client = { limit: 3, baseDelayMs: 1000, maxDelayMs: 30_000, maxRetryAfterMs: 60_000 };
    expect(resolveRetryPolicy({ limit: 1, maxDelayMs: 500 }, client)).toEqual({
      limit: 1,
      baseDelayMs: 1000,
      maxDelayMs: 500,
      maxRetryAfterMs: 60_000,
    });
    expect(Object.isFrozen(resolveRetryPolicy(undefined))).toBe(true);
    expect(() => resolveRetryPolicy({ limit: 11 })).toThrow(
      new TypeError('retry.limit must be an integer from 0 to 10'),
    );
  });

  it.each([
    ['retries', 'limit'],
    ['initialDelay', 'baseDelayMs'],
    ['backoffLimit', 'maxDelayMs'],
    ['maxRetryAfter', 'maxRetryAfterMs'],
  ])('refuses the earlier name %s, naming %s, instead of dropping the setting', (old, name) => {
    expect(() => resolveRetryPolicy({ [old]: 0 } as never)).toThrow(
      new TypeError(`retry.${old} is now retry.${name}`),
    );
  });

  it('backs off exponentially with 50–100 % jitter, capped', () => {
    const policy = resolveRetryPolicy({ baseDelayMs: 1000, maxDelayMs: 3000 });
    const low = () => new Uint8Array([0, 0]);
    const high = () => new Uint8Array([255, 255]);
    expect([1, 2, 3].map((n) => backoffDelay(policy, n, low))).toEqual([500, 1000, 1500]);
    expect([1, 2, 3].map((n) => backoffDelay(policy, n, high))).toEqual([1000, 2000, 3000]);
  });

  // Review (wave 33, dedupe): the retry options were copied before refuseUnknownOptions saw them,
  // so an option inherited from the caller's own prototype (a class's getter, Object.create of
  // defaults) was dropped without a word, where every other options object refuses it.
  it("refuses an option inherited from a prototype of the caller's", () => {
    expect(() => resolveRetryPolicy(Object.create({ limit: 0 }))).toThrow(
      'retry: limit is inherited, not an own property, so it would be ignored; copy it in ({ ...defaults, limit })',
    );
  });
});
