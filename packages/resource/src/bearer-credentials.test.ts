import { describe, expect, it } from 'vitest';
import { bearerChallenge } from './bearer-challenge.js';
import { readBearerCredentials, refuseTokenInQuery } from './bearer-credentials.js';
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

// RFC 6750 §2.3: the query parameter `access_token`, read where the frameworks read a query: after
// the first `?` of the target and before any `#` (URLSearchParams, Node's querystring, Express,
// Hono), or from the path's first `?`, `#` or `;` to the end (Fastify's router, find-my-way),
// split on `&`, names percent-decoded and `+` a space, whatever comes before.
describe('refuseTokenInQuery', () => {
  // Its own reason, not a doubled header's `malformed`: a token that went in a URL is in logs
  // (RFC 6750 §5.3), so the operator revokes it; the hint says so, the client is told no more.
  const QUERY_TOKEN = {
    credential: 'access_token',
    reason: 'sent_in_url',
    auditReason: 'access_token.sent_in_url',
    malformedRequest: true,
    description:
      'access_token query parameter was sent; send the access token in the Authorization header only, never in the URL',
    hint: expect.stringMatching(/revoke .*fix the client/),
  };

  it.each([
    'https://api.example.com/accounts?access_token=t',
    // Given as the request target (`req.url`), as a caller of guard.check or
    // verifyDualSubjectRequest outside the middlewares may: not a URL the URL parser takes.
    '/accounts?page=2&access_token=t',
    // A Host header (or X-Forwarded-Host) that is a host to RFC 3986 but not to the URL parser:
    // the query is the client's all the same, and the framework routes it.
    'https://999.1.1.1/accounts?access_token=t',
    'http://a:99999/accounts?access_token=t',
    'https://a%zz/accounts?access_token=t',
    // Express's 'extended' parser (qs) hands the app req.query.access_token for these.
    '/accounts?access_token[]=t',
    '/accounts?access_token[0]=t',
    '/accounts?access_token%5B%5D=t',
    '/accounts?access%5Ftoken=t',
    '/accounts?access_token',
    '/accounts?&&access_token=',
    // Fastify's router starts the query at a `#` or (useSemicolonDelimiter) a `;` too.
    '/accounts#access_token=t',
    '/accounts;access_token=t',
    'https://api.example.com/accounts;v=1&access_token=t',
    '/accounts?a=1#&access_token=t',
  ])('refuses %s', (url) => {
    expect(() => refuseTokenInQuery(url)).toThrow(expect.objectContaining(QUERY_TOKEN));
  });

  it.each([
    undefined,
    '/accounts',
    '/accounts?ACCESS_TOKEN=t',
    '/accounts?my_access_token=t',
    '/accounts?a[access_token]=t',
    '/accounts?access_token.x=t',
    '/accounts?access+token=t',
    '/accounts?access_token%00=t',
    '/accounts?a=1;access_token=t',
    '/accounts?a=1?access_token=t',
    '/accounts??access_token=t',
    '/accounts?#access_token=t',
    '/accounts#?access_token=t',
    // A `;` in the authority is the host's (RFC 3986 sub-delims), not a query.
    'https://a;access_token=t/accounts',
  ])('admits %s, as no framework reads an access_token there', (url) => {
    expect(() => refuseTokenInQuery(url)).not.toThrow();
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
