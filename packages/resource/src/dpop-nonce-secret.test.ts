import { describe, expect, it } from 'vitest';
import { nonceSecretCopy } from './dpop-nonce-secret.js';

// Mend (Session 16, mend16): a refused DPoP nonce secret's copy was zeroed only when it did not
// look random; one too short or one byte repeated stayed in memory. Every refusal zeroes it now,
// and the caller's bytes are never touched. The copy is seen through nonceSecretCopy's seam.

const NAME = 'options.dpop.nonce.secret';

/** nonceSecretCopy with the copies it made kept, to look at after it returned or threw. */
function copying(value: Uint8Array): { copies: Uint8Array[]; run: () => Uint8Array } {
  const copies: Uint8Array[] = [];
  const copyOf = (given: unknown) => {
    const copy = new Uint8Array(given as Uint8Array);
    copies.push(copy);
    return copy;
  };
  return { copies, run: () => nonceSecretCopy(value, NAME, copyOf) };
}

describe('nonceSecretCopy', () => {
  it.each([
    ['too short', Uint8Array.from({ length: 31 }, (_, i) => (i * 37 + 11) & 0xff), /at least 32/],
    ['one byte repeated', new Uint8Array(32).fill(7), /is one byte repeated, not random/],
    ['text', new TextEncoder().encode('correct horse battery staple 2026!'), /\(it is text/],
    ['a counter', Uint8Array.from({ length: 32 }, (_, i) => i + 7), /\(it counts up or down\)/],
  ])(
    'refuses a secret that is %s: the copy zeroed, the given bytes untouched',
    (_n, given, why) => {
      const before = Uint8Array.from(given);
      const { copies, run } = copying(given);
      expect(run).toThrow(TypeError);
      expect(run).toThrow(why);
      expect(copies.length).toBe(2);
      for (const copy of copies) {
        expect(copy).not.toBe(given);
        expect(copy.every((byte) => byte === 0)).toBe(true);
      }
      expect(given).toEqual(before);
    },
  );

  it('keeps a random secret: the copy it returns holds its bytes', () => {
    const given = crypto.getRandomValues(new Uint8Array(32));
    const { copies, run } = copying(given);
    const kept = run();
    expect(kept).toBe(copies[0]);
    expect(kept).not.toBe(given);
    expect(kept).toEqual(given);
  });

  it('refuses what is not a Uint8Array', () => {
    expect(() => nonceSecretCopy('x'.repeat(32), NAME)).toThrow(/must be a Uint8Array/);
  });
});
