import { decodeBase64, encodeBase64 } from '../adapter-kit/base64.js';
import { nodeBufferClass } from './node-buffer.js';
import { utf8Encoder } from './utf8.js';

const ALPHABET = /^[A-Za-z0-9_-]+$/;
// The 6-bit value of a base64url character's code (RFC 4648 §5 table 2), -1 for any other: a
// function, not a table filled at load, which a bundle using nothing of this module would keep.
function sextetOf(code: number): number {
  if (code >= 65 && code <= 90) return code - 65; // A-Z
  if (code >= 97 && code <= 122) return code - 71; // a-z
  if (code >= 48 && code <= 57) return code + 4; // 0-9
  return code === 45 ? 62 : code === 95 ? 63 : -1; // - _
}

/**
 * True when `segment` is the one canonical unpadded base64url text of its bytes (RFC 7515 §2,
 * RFC 4648 §5): URL-safe alphabet only, no `=`, a length that is not 1 more than a multiple of 4,
 * and zero in the bits of the last character that carry no data. Lenient decoders map several
 * strings to the same bytes, so a token changed in those bits would still verify while deny-lists
 * and bindings keyed on the token string see a new one. Checks the alphabet and the last
 * character only: no decode and re-encode.
 */
export function isCanonicalBase64url(segment: string): boolean {
  const rest = segment.length % 4;
  if (rest === 1 || !ALPHABET.test(segment)) return false;
  if (rest === 0) return true;
  const last = sextetOf(segment.charCodeAt(segment.length - 1));
  return (last & (rest === 2 ? 0x0f : 0x03)) === 0;
}

/**
 * Decodes a non-empty canonical base64url segment once; `undefined` for anything
 * {@link isCanonicalBase64url} refuses (and for the empty string).
 *
 * @example
 * decodeCanonicalBase64url('eyJhIjoxfQ'); // the bytes of {"a":1}
 * decodeCanonicalBase64url('eyJhIjoxfR'); // undefined: unused bits set
 */
export function decodeCanonicalBase64url(segment: string): Uint8Array | undefined {
  const buffer = nodeBufferClass();
  if (buffer === null || segment === '') {
    // The platform's atob is lenient: only canonical input reaches it.
    return isCanonicalBase64url(segment)
      ? decodeBase64(segment.replace(/-/g, '+').replace(/_/g, '/'))
      : undefined;
  }
  // On Node, decode natively first, then compare the native re-encoding with the segment: the
  // encoder writes the one canonical text of the bytes, so the equality is isCanonicalBase64url's
  // test, in about half the main-thread time of its alphabet scan.
  const bytes = buffer.from(segment, 'base64url');
  if (bytes.toString('base64url') !== segment) return undefined;
  // A plain view of the Buffer's bytes: callers get a Uint8Array, not Buffer's extra methods.
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

// A character Node's base64 decoder would read by its low byte. V8 answers at once for a string
// stored one byte per character (no such character can be in it): no scan of the usual token.
const ABOVE_LATIN1 = /[\u0100-\uffff]/;

/**
 * True on Node when `text` holds no character above U+00FF and neither `+` nor `/`: then each
 * base64url segment of it can be read by {@link decodePlainBase64urlSegment}, one check of the
 * whole text (a compact JWS) instead of a native re-encoding and a new string per segment,
 * main-thread work on every token (docs/performance.md, Session 28). False on every other runtime.
 */
export function isPlainBase64urlText(text: string): boolean {
  return (
    nodeBufferClass() !== null &&
    !text.includes('+') &&
    !text.includes('/') &&
    !ABOVE_LATIN1.test(text)
  );
}

/**
 * {@link decodeCanonicalBase64url} of a segment of a text {@link isPlainBase64urlText} accepted:
 * the same bytes for the same segments, `undefined` for the same others. Node's decoder skips any
 * character up to U+00FF outside the base64 alphabets (`=`, spaces, `.`, `é`…), so a segment of n
 * characters (n % 4 !== 1) gives floor(3n / 4) bytes only when every character decoded, fewer as
 * soon as one was skipped; with `+` and `/` ruled out for the whole text, that count and the
 * unused bits of the last character are isCanonicalBase64url's test. (A character above U+00FF
 * is read by its low byte, so `ᐫ` would pass for `+`: hence no such character in the text.)
 */
export function decodePlainBase64urlSegment(segment: string): Uint8Array | undefined {
  const buffer = nodeBufferClass();
  const rest = segment.length % 4;
  if (buffer === null || segment === '' || rest === 1) return decodeCanonicalBase64url(segment);
  const bytes = buffer.from(segment, 'base64url');
  if (bytes.byteLength !== Math.floor((segment.length * 3) / 4)) return undefined;
  if (rest !== 0) {
    const last = sextetOf(segment.charCodeAt(segment.length - 1));
    if ((last & (rest === 2 ? 0x0f : 0x03)) !== 0) return undefined;
  }
  // A plain view of the Buffer's bytes, as decodeCanonicalBase64url gives.
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * `input` (bytes, or a string's UTF-8 bytes) as unpadded base64url (RFC 4648 §5, RFC 7515 §2):
 * the one canonical text {@link isCanonicalBase64url} accepts.
 *
 * @example
 * encodeBase64url('{"a":1}'); // 'eyJhIjoxfQ'
 */
export function encodeBase64url(input: Uint8Array | string): string {
  const bytes = typeof input === 'string' ? utf8Encoder.encode(input) : input;
  return encodeBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
