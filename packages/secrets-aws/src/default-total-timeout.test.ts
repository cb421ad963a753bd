import { describe, expect, it } from 'vitest';
import { defaultTotalTimeoutMs } from './default-total-timeout.js';

describe('defaultTotalTimeoutMs', () => {
  it('is every attempt at timeoutMs plus one longest backoff (20 s) when there is a retry', () => {
    expect(defaultTotalTimeoutMs(10_000, undefined)).toBe(50_000);
    expect(defaultTotalTimeoutMs(1_000, 3)).toBe(23_000);
    expect(defaultTotalTimeoutMs(200, 1)).toBe(200);
  });
});
