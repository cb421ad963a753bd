import { createSubjectToken, type SubjectToken, TOKEN_TYPE } from '@dual-auth/core';
import { describe, expect, it } from 'vitest';
import { subjectClaimsOf } from './subject-claims-of.js';

const jwt = (claims: object) =>
  `eyJhbGciOiJSUzI1NiJ9.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.c2ln`;

describe('subjectClaimsOf', () => {
  it('decodes a token object once and hands every reader the same frozen claims', () => {
    const token = createSubjectToken(jwt({ sub: 'u-alice' }));
    const first = subjectClaimsOf(token);
    expect(first).toEqual({ sub: 'u-alice' });
    expect(subjectClaimsOf(token)).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
  });

  it('decodes again when a plain token object was given another value: it judges what is sent', () => {
    const token: { value: string; type: string } = {
      value: jwt({ sub: 'u-alice' }),
      type: TOKEN_TYPE.accessToken,
    };
    expect(subjectClaimsOf(token as SubjectToken)).toEqual({ sub: 'u-alice' });
    token.value = jwt({ sub: 'u-bob' });
    expect(subjectClaimsOf(token as SubjectToken)).toEqual({ sub: 'u-bob' });
  });

  it('is undefined for an opaque token, every time', () => {
    const token = createSubjectToken('opaque-token');
    expect(subjectClaimsOf(token)).toBeUndefined();
    expect(subjectClaimsOf(token)).toBeUndefined();
  });
});
