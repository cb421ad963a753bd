import fc from 'fast-check';
import { base64url } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  decodeCanonicalBase64url,
  decodePlainBase64urlSegment,
  isCanonicalBase64url,
  isPlainBase64urlText,
} from './base64url.js';

// Node's fast path (its Buffer decoder): a `.node.test.ts` runs on Node only. Under the edge
// project Node's Buffer is still reachable, so these tests ran the same code twice.

describe('decodePlainBase64urlSegment', () => {
  // What a token may hold: any character, put anywhere in a canonical segment.
  const inserted = fc.oneof(
    fc.constantFrom(
      ...'+/=.%*-_\t\r\n \u0000\u007f\u0080\u00a0\u00e9\u00ff\u0100\u142b\u2028\ufeff\uff0b\ud83d'.split(
        '',
      ),
    ),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 2 }),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 2 }),
  );

  it('reads a segment of a plain text as decodeCanonicalBase64url does, whatever was put in it', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), inserted, fc.nat(), (bytes, extra, at) => {
        const text = base64url.encode(bytes);
        const place = at % (text.length + 1);
        for (const segment of [text, text.slice(0, place) + extra + text.slice(place)]) {
          // Off a plain text the caller reads every segment with decodeCanonicalBase64url.
          if (!isPlainBase64urlText(segment)) continue;
          expect(decodePlainBase64urlSegment(segment)).toEqual(decodeCanonicalBase64url(segment));
        }
      }),
      { numRuns: 10_000 },
    );
  });

  it('is for text without + or / or a character above U+00FF (one read by its low byte)', () => {
    expect(isPlainBase64urlText('eyJhIjoxfQ.AQAB')).toBe(true);
    expect(isPlainBase64urlText('AA\u00e9A')).toBe(true);
    // U+142B is read as "+" (0x2B) by Node's decoder: "\u142bAA" would decode to two bytes.
    for (const text of ['\u142bAA', 'A+AA', 'A/AA', 'AA\u0100A', 'AA\ud83dA', 'AA\u{1f600}']) {
      expect(isPlainBase64urlText(text)).toBe(false);
    }
  });
});

describe('decodePlainBase64urlSegment, against the definition', () => {
  const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  // Any Latin-1 character (what Node's decoder skips or stops at), the alphabets, padding runs,
  // and characters above U+00FF (their texts go to decodeCanonicalBase64url instead).
  const character = fc.oneof(
    fc.integer({ min: 0, max: 0xff }).map((code) => String.fromCharCode(code)),
    fc.constantFrom(...ALPHABET.split('')),
    fc.constantFrom('=', '==', '===', ' ', '\t\n', '\r\n', '\f', '\v', '\u0000', '\u00a0', '.'),
    fc.integer({ min: 0x100, max: 0xffff }).map((code) => String.fromCharCode(code)),
  );
  const edit = fc.record({
    kind: fc.constantFrom('insert', 'replace', 'delete'),
    at: fc.nat(),
    text: character,
  });
  // Lengths around Node's 4-character groups and its vectorised blocks (16 to 64 characters).
  const bytes = fc.oneof(
    fc.uint8Array({ maxLength: 12 }),
    fc.uint8Array({ maxLength: 120 }),
    fc.uint8Array({ minLength: 180, maxLength: 800 }),
  );
  const edited = (text: string, edits: readonly { kind: string; at: number; text: string }[]) => {
    let out = text;
    for (const { kind, at, text: inserted } of edits) {
      const place = at % (out.length + 1);
      if (kind === 'insert') out = out.slice(0, place) + inserted + out.slice(place);
      else if (kind === 'replace') out = out.slice(0, place) + inserted + out.slice(place + 1);
      else out = out.slice(0, place) + out.slice(place + 1);
    }
    return out;
  };
  // The same characters held two bytes per character by V8 (a slice of a two-byte string), which
  // Node's decoder reads through another path.
  const twoByte = (text: string) => `\u0100${text}\u0100`.slice(1, -1);

  it('decodes exactly the canonical segments, to their bytes, after any edits of any characters', () => {
    fc.assert(
      fc.property(bytes, fc.array(edit, { maxLength: 4 }), (data, edits) => {
        const segment = edited(base64url.encode(data), edits);
        for (const text of [segment, twoByte(segment)]) {
          if (!isPlainBase64urlText(`e30.${text}.AQAB`)) continue;
          const decoded = decodePlainBase64urlSegment(text);
          expect(decoded).toEqual(decodeCanonicalBase64url(text));
          if (isCanonicalBase64url(text)) expect(decoded).toEqual(base64url.decode(text));
          else expect(decoded).toBeUndefined();
        }
      }),
      { numRuns: 20_000 },
    );
  });

  it('refuses one character Node skips or stops at, wherever it is and whatever follows', () => {
    const canonical = base64url.encode(new Uint8Array(100).map((_, index) => index * 37));
    // Collected, then asserted once: an expect() per candidate (~300 000 of them) cost more than
    // the decoding it checked.
    const decoded: string[] = [];
    for (let code = 0; code <= 0xff; code += 1) {
      const character = String.fromCharCode(code);
      if (ALPHABET.includes(character) || character === '+' || character === '/') continue;
      for (const length of [2, 3, 4, 6, 7, 8, 63, 64, 66, 67, 132]) {
        const text = canonical.slice(0, length);
        for (let place = 0; place <= length; place += 1) {
          // Put in (one more character), or put over one (same length, one fewer decoded).
          for (const candidate of [
            text.slice(0, place) + character + text.slice(place),
            text.slice(0, place) + character + text.slice(place + 1),
          ]) {
            for (const text of [candidate, twoByte(candidate)]) {
              if (decodePlainBase64urlSegment(text) !== undefined)
                decoded.push(JSON.stringify(text));
            }
          }
        }
      }
    }
    expect(decoded).toEqual([]);
  });

  it.each([
    'AAA=',
    'AA==',
    'AA=A',
    'A=AA',
    '=AAA',
    'AAAA=AAA',
    'AAAAAA==',
    'AAAAAAA=',
    'AA A',
    'AAA\u0000',
    '\u00ffAAA',
    'AAB',
    'AAAAAB',
    'AB',
    'AAAA\nAAA',
    'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=',
    'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\u0080',
  ])('refuses %j', (text) => {
    expect(decodePlainBase64urlSegment(text)).toBeUndefined();
    expect(decodePlainBase64urlSegment(twoByte(text))).toBeUndefined();
  });
});
