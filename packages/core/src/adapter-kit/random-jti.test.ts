import { describe, expect, it } from 'vitest';
import { randomJti } from './random-jti.js';

describe('randomJti', () => {
  it('gives 43 base64url characters from 32 random bytes', () => {
    expect(randomJti()).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(randomJti(() => new Uint8Array(32).fill(255))).toBe(`${'_'.repeat(42)}8`);
  });

  it('is unique across 1000 draws', () => {
    expect(new Set(Array.from({ length: 1000 }, () => randomJti())).size).toBe(1000);
  });

  it('refuses a random source that returns the wrong size', () => {
    expect(() => randomJti(() => new Uint8Array(16))).toThrow(TypeError);
  });
});
