import { describe, expect, it } from 'vitest';
import { bearerChallenge } from './bearer-challenge.js';
import { readBearerCredentials } from './bearer-credentials.js';
import { DualSubjectVerificationError } from './dual-subject-verification-error.js';

function refused(authorization: string | undefined, assertion?: string) {
  try {
    readBearerCredentials(authorization, assertion);
  } catch (error) {
    if (DualSubjectVerificationError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('readBearerCredentials', () => {
  it('reads a Bearer token (scheme case-insensitive) and the act assertion', () => {
    expect(readBearerCredentials('bearer abc.def.ghi', ' x.y.z ')).toEqual({
      accessToken: 'abc.def.ghi',
      actAssertion: 'x.y.z',
    });
    expect(readBearerCredentials('Bearer abc', null)).toEqual({
      accessToken: 'abc',
      actAssertion: undefined,
    });
  });

  it.each([undefined, '', 'Basic dXNlcjpwYXNz', 'Bearerabc'])(
    'no Bearer credentials (%s) → absent',
    (value) => {
      expect(refused(value)).toMatchObject({
        credential: 'access_token',
        absent: true,
        malformedRequest: false,
      });
    },
  );

  it.each(['Bearer', 'Bearer a b', 'Bearer a,b', 'Bearer ä'])(
    'malformed Bearer value (%s) → a malformed request (400 invalid_request)',
    (value) => {
      expect(refused(value)).toMatchObject({
        reason: 'malformed',
        absent: false,
        malformedRequest: true,
      });
    },
  );

  it('two act assertions joined by a proxy, or one that is no compact JWT → a malformed request', () => {
    for (const assertion of ['a.b.c, d.e.f', 'a b']) {
      expect(refused('Bearer a', assertion)).toMatchObject({
        credential: 'act_assertion',
        reason: 'malformed',
        malformedRequest: true,
      });
    }
  });
});

describe('bearerChallenge (RFC 6750 §3)', () => {
  it('formats realm, error and description, and strips characters the grammar forbids', () => {
    expect(bearerChallenge({})).toBe('Bearer');
    expect(bearerChallenge({ realm: 'api' })).toBe('Bearer realm="api"');
    expect(
      bearerChallenge({
        realm: 'api',
        error: 'invalid_token',
        description: 'Access token "x" \\ é\nexpired',
      }),
    ).toBe(
      `Bearer realm="api", error="invalid_token", error_description="Access token 'x'  expired"`,
    );
  });
});
