import fc from 'fast-check';
import { base64url } from 'jose';
import { describe, expect, it } from 'vitest';
import { ActVerificationError } from '../errors/act-verification-error.js';
import { isCanonicalBase64url } from './base64url.js';
import { parseCompactJws } from './parse-compact-jws.js';

const OPTIONS = { label: 'Access token', maxTokenBytes: 8192, algorithms: ['RS256'] } as const;
const HEADER = base64url.encode('{"alg":"RS256"}');

describe('parseCompactJws', () => {
  // Whatever is put in, over or out of the payload and signature (dots, `+`, `/`, padding, any
  // Latin-1 character, one above U+00FF anywhere in the token), the token is read only when both
  // segments are the canonical base64url of their bytes, and then to those bytes.
  const character = fc.oneof(
    fc.integer({ min: 0, max: 0xff }).map((code) => String.fromCharCode(code)),
    fc.constantFrom('=', '==', '.', '+', '/', '-', '_', 'A', 'B', 'Q', 'g', 'w', ' ', '\u0000'),
    fc.integer({ min: 0x100, max: 0xffff }).map((code) => String.fromCharCode(code)),
  );
  const edit = fc.record({
    kind: fc.constantFrom('insert', 'replace', 'delete'),
    at: fc.nat(),
    text: character,
  });

  it('reads the payload and signature exactly when both are canonical, to their bytes', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 200 }),
        fc.uint8Array({ maxLength: 260 }),
        fc.array(edit, { maxLength: 3 }),
        (payloadBytes, signatureBytes, edits) => {
          let rest = `${base64url.encode(payloadBytes)}.${base64url.encode(signatureBytes)}`;
          for (const { kind, at, text } of edits) {
            const place = at % (rest.length + 1);
            if (kind === 'insert') rest = rest.slice(0, place) + text + rest.slice(place);
            else if (kind === 'replace') rest = rest.slice(0, place) + text + rest.slice(place + 1);
            else rest = rest.slice(0, place) + rest.slice(place + 1);
          }
          const token = `${HEADER}.${rest}`;
          const parts = rest.split('.');
          const readable = parts.length === 2 && parts.every((part) => isCanonicalBase64url(part));
          if (!readable) {
            expect(() => parseCompactJws(token, OPTIONS)).toThrow(ActVerificationError);
            return;
          }
          const [payload, signature] = parts as [string, string];
          const jws = parseCompactJws(token, OPTIONS);
          expect(jws.payload).toEqual(base64url.decode(payload));
          expect(jws.signature).toEqual(base64url.decode(signature));
        },
      ),
      { numRuns: 10_000 },
    );
  });
});
