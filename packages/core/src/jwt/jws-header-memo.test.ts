import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ActVerificationError } from '../errors/act-verification-error.js';
import { encodeBase64url } from './base64url.js';
import { decodeJsonSegment } from './json-segment.js';
import { JwsHeaderMemo } from './jws-header-memo.js';
import { parseCompactJws } from './parse-compact-jws.js';

const segment = (header: unknown): string => encodeBase64url(JSON.stringify(header));

function refusalOf(token: string, algorithms: readonly ('RS256' | 'ES256')[]): unknown {
  try {
    parseCompactJws(token, { label: 'Act JWT', maxTokenBytes: 8192, algorithms });
    return 'accepted';
  } catch (error) {
    if (!ActVerificationError.isInstance(error)) throw error;
    return { reason: error.reason, message: error.message };
  }
}

describe('JwsHeaderMemo', () => {
  it('decodes as decodeJsonSegment does, remembered or not', () => {
    const memo = new JwsHeaderMemo(4);
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.jsonValue().map(segment),
          fc
            .dictionary(fc.string(), fc.oneof(fc.string(), fc.integer(), fc.boolean()))
            .map(segment),
        ),
        (text) => {
          const expected = decodeJsonSegment(text);
          expect(memo.decode(text)).toEqual(expected);
          expect(memo.decode(text)).toEqual(expected);
        },
      ),
    );
  });

  it('decodes each of a run of segments as decodeJsonSegment does, the last one answered again after others came and went', () => {
    const flat = fc
      .dictionary(fc.string(), fc.oneof(fc.string(), fc.integer()), { maxKeys: 3 })
      .map(segment);
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 }),
        fc.array(fc.oneof(flat, fc.constantFrom(segment({ a: { b: 1 } }), 'e30', 'x')), {
          maxLength: 30,
        }),
        fc.array(fc.nat(), { maxLength: 60 }),
        (capacity, segments, picks) => {
          const memo = new JwsHeaderMemo(capacity);
          for (const pick of picks) {
            const text =
              segments.length === 0 ? 'e30' : (segments[pick % segments.length] as string);
            expect(memo.decode(text)).toEqual(decodeJsonSegment(text));
          }
        },
      ),
    );
  });

  it('holds at most its capacity, whatever distinct headers a sender makes up', () => {
    const memo = new JwsHeaderMemo(16);
    for (let i = 0; i < 10_000; i += 1) {
      memo.decode(segment({ alg: 'RS256', kid: `k-${i}` }));
      memo.decode(`${segment({ alg: 'RS256' })}A${i}`);
      expect(memo.size).toBeLessThanOrEqual(16);
    }
    expect(memo.size).toBe(16);
  });

  it('keeps no header that is not flat, long, or not a JSON object', () => {
    const memo = new JwsHeaderMemo(16);
    memo.decode(segment({ alg: 'RS256', jwk: { kty: 'RSA' } }));
    memo.decode(segment({ alg: 'RS256', pad: 'x'.repeat(600) }));
    memo.decode(segment(['alg']));
    memo.decode('not base64url!');
    expect(memo.size).toBe(0);
  });

  it('hands out a remembered header frozen, so no caller can change it for the next token', () => {
    const memo = new JwsHeaderMemo(16);
    const first = memo.decode(segment({ alg: 'RS256', kid: 'k-1' }));
    expect(Object.isFrozen(first)).toBe(true);
    expect(memo.decode(segment({ alg: 'RS256', kid: 'k-1' }))).toBe(first);
  });
});

describe('parseCompactJws with remembered headers', () => {
  it('refuses a remembered header as it refused it the first time', () => {
    const rest = `.${segment({ sub: 'u-1' })}.${encodeBase64url('sig')}`;
    const headers = [
      { alg: 'RS256', typ: 'act+jwt' },
      { alg: 'ES256' },
      { alg: 'none' },
      { alg: 'HS256' },
      { alg: 'RS256', crit: ['b64'], b64: false },
    ];
    for (const header of headers) {
      const token = `${segment(header)}${rest}`;
      const firstRs = refusalOf(token, ['RS256']);
      const firstEs = refusalOf(token, ['ES256']);
      for (let i = 0; i < 3; i += 1) {
        expect(refusalOf(token, ['RS256'])).toEqual(firstRs);
        expect(refusalOf(token, ['ES256'])).toEqual(firstEs);
      }
    }
    expect(refusalOf(`${segment({ alg: 'RS256' })}${rest}`, ['ES256'])).toMatchObject({
      reason: 'unsupported_algorithm',
    });
    expect(
      refusalOf(`${segment({ alg: 'RS256', crit: ['b64'], b64: false })}${rest}`, ['RS256']),
    ).toMatchObject({ reason: 'malformed' });
  });
});
