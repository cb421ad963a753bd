import { expect, it } from 'vitest';
import { isUtf8 } from './is-utf8.js';

// `withoutPersonalText` decodes a base64 run only when `isUtf8` says its bytes are UTF-8: it must
// say so exactly when the platform's strict decoder reads them, or a run that names someone is
// left as written (a false "no") or a decoder is asked in vain (a false "yes").
// The strict decoder's verdict without its exception (a thrown TypeError costs microseconds,
// and the boundary test asks ~460 000 times): the WHATWG decoder in replacement mode writes
// U+FFFD for each ill-formed subsequence, so its text encodes back to the same bytes exactly when
// the bytes are well-formed (an ill-formed run never starts with U+FFFD's own EF BF BD, which is
// well-formed). `ignoreBOM` keeps a leading EF BB BF in the text, as the strict decoder accepts
// it. The text is encoded into one reused buffer; bytes longer than it read as "not UTF-8", which
// the comparison reports rather than hides.
const lenient = new TextDecoder('utf-8', { ignoreBOM: true });
const encoder = new TextEncoder();
const again = new Uint8Array(64);
const strictlyDecodes = (bytes: Uint8Array): boolean => {
  const text = lenient.decode(bytes);
  const { read, written } = encoder.encodeInto(text, again);
  if (read !== text.length || written !== bytes.length) return false;
  return bytes.every((byte, index) => again[index] === byte);
};

it('agrees with the strict decoder at every boundary of UTF-8', () => {
  // Each lead byte with each second byte (and valid or bad thirds and fourths), alone and cut short.
  const tails = [[], [0x80], [0x80, 0x80], [0xbf, 0xbf], [0x41, 0x80], [0x80, 0x41], [0xc0, 0x80]];
  const disagreeing: string[] = [];
  const compare = (bytes: Uint8Array) => {
    if (isUtf8(bytes) !== strictlyDecodes(bytes)) disagreeing.push(`${[...bytes]}`);
  };
  for (let lead = 0; lead < 0x100; lead++) {
    compare(new Uint8Array([lead]));
    for (let second = 0; second < 0x100; second += 1) {
      for (const tail of tails) compare(new Uint8Array([0x61, lead, second, ...tail]));
    }
  }
  compare(new Uint8Array());
  expect(disagreeing).toEqual([]);
});

it('reads the strict decoder through its round trip', () => {
  // The oracle above against the strict decoder itself, on each kind of input it must tell apart.
  const fatal = new TextDecoder('utf-8', { fatal: true });
  const throws = (bytes: Uint8Array) => {
    try {
      fatal.decode(bytes);
      return false;
    } catch {
      return true;
    }
  };
  for (const bytes of [
    [],
    [0x61],
    [0xef, 0xbb, 0xbf, 0x61],
    [0xef, 0xbf, 0xbd],
    [0xef, 0xbf],
    [0xef, 0xbf, 0x41],
    [0xed, 0xa0, 0x80],
    [0xc0, 0x80],
    [0xf4, 0x90, 0x80, 0x80],
    [0x80],
  ].map((list) => new Uint8Array(list))) {
    expect(strictlyDecodes(bytes), `${[...bytes]}`).toBe(!throws(bytes));
  }
});

it('agrees with the strict decoder on random bytes and on text of every plane', () => {
  // A fixed generator (xorshift): the same bytes every run.
  let state = 0x2545f491;
  const next = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) & 0xff;
  };
  const disagreeing: string[] = [];
  for (let n = 0; n < 20_000; n++) {
    const bytes = Uint8Array.from({ length: 1 + (next() % 24) }, next);
    if (isUtf8(bytes) !== strictlyDecodes(bytes)) disagreeing.push(`${[...bytes]}`);
  }
  expect(disagreeing).toEqual([]);
  const text = 'ascii é ß ह 中 \u{1f600} \u{10ffff} \ufffd \uffff';
  expect(isUtf8(new TextEncoder().encode(text))).toBe(true);
});
