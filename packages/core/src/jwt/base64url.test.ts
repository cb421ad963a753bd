import fc from 'fast-check';
import { base64url } from 'jose';
import { describe, expect, it } from 'vitest';
import { decodeCanonicalBase64url, encodeBase64url, isCanonicalBase64url } from './base64url.js';

describe('encodeBase64url', () => {
  it('writes what jose writes, for bytes and for a string’s UTF-8', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 300 }),
        fc.string({ unit: 'grapheme' }),
        (bytes, text) => {
          expect(encodeBase64url(bytes)).toBe(base64url.encode(bytes));
          expect(encodeBase64url(text)).toBe(base64url.encode(text));
        },
      ),
    );
    expect(encodeBase64url(new Uint8Array(100_000).fill(0xfb))).toBe(
      base64url.encode(new Uint8Array(100_000).fill(0xfb)),
    );
  });
});

describe('canonical base64url', () => {
  it('accepts exactly what an encoder writes, and decodes it to the same bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 64 }), (bytes) => {
        const text = base64url.encode(bytes);
        expect(isCanonicalBase64url(text)).toBe(true);
        expect(decodeCanonicalBase64url(text)).toEqual(new Uint8Array(bytes));
      }),
    );
  });

  it('refuses every other spelling of the same bytes: unused bits set, padding, other alphabets', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 64 }), fc.nat(), (bytes, pick) => {
        const text = base64url.encode(bytes);
        const variants = [`${text}=`, `${text}==`, text.replace(/-/g, '+').replace(/_/g, '/')];
        if (text.length % 4 !== 0) {
          const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
          const last = alphabet.indexOf(text.at(-1) as string);
          const unused = text.length % 4 === 2 ? 0x0f : 0x03;
          const flip = (pick % unused) + 1;
          variants.push(text.slice(0, -1) + alphabet[last ^ flip]);
        }
        for (const variant of variants.filter((v) => v !== text)) {
          expect(decodeCanonicalBase64url(variant)).toBeUndefined();
        }
      }),
    );
  });

  it.each(['', 'A', 'AAAAA', 'a b', 'ab.c'])('refuses %j', (text) => {
    expect(decodeCanonicalBase64url(text)).toBeUndefined();
  });
});

describe('decodeCanonicalBase64url', () => {
  it('decodes exactly the strings isCanonicalBase64url accepts, whatever their characters', () => {
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.constantFrom(...'AQgw_-+/=. \n\u00e9BCDEFabcdef0189'.split('')),
          maxLength: 24,
        }),
        (text) => {
          expect(decodeCanonicalBase64url(text) !== undefined).toBe(isCanonicalBase64url(text));
        },
      ),
      { numRuns: 5000 },
    );
  });
});
