import { describe, expect, it } from 'vitest';
import { jwtHeaderOf } from './jwt-header-of.js';

const segment = (value: unknown): string =>
  Buffer.from(JSON.stringify(value)).toString('base64url');

describe('jwtHeaderOf', () => {
  it('decodes the first segment of a compact JWS, and of a five-segment JWE', () => {
    const header = { alg: 'RS256', typ: 'at+jwt' };
    expect(jwtHeaderOf(`${segment(header)}.${segment({ sub: 'u-1' })}.c2ln`)).toEqual(header);
    expect(jwtHeaderOf(`${segment({ alg: 'RSA-OAEP', enc: 'A256GCM' })}.k.iv.ct.tag`)).toEqual({
      alg: 'RSA-OAEP',
      enc: 'A256GCM',
    });
  });

  it('is undefined for an opaque token or a header that is no canonical base64url JSON object', () => {
    for (const token of [
      'opaque-token',
      '',
      `${segment([1, 2])}.e30.c2ln`,
      `${segment({ alg: 'RS256' })}=.e30.c2ln`,
      `${Buffer.from('{"alg":').toString('base64url')}.e30.c2ln`,
    ]) {
      expect(jwtHeaderOf(token)).toBeUndefined();
    }
  });
});
