import { describe, expect, it } from 'vitest';
import { INVALID_REQUEST_ADVICE, isInvalidTokenChallenge } from './invalid-token-challenge.js';

const answer = (status: number, challenge?: string) =>
  new Response(null, {
    status,
    headers: challenge === undefined ? {} : { 'www-authenticate': challenge },
  });

describe('isInvalidTokenChallenge', () => {
  it.each([
    'Bearer error="invalid_token"',
    'Bearer error=invalid_token',
    'bearer realm="api", error="invalid_token", error_description="The token expired"',
    'Bearer realm="a, b", scope="x y", error="invalid_token"',
    'Basic realm="x", Bearer error="invalid_token"',
    'Bearer realm="x",error="invalid_token"',
    // RFC 9110 §11.6.1: a token68 challenge before it, escapes in quoted strings, BWS around "=",
    // and empty list elements.
    'Negotiate YII=, Bearer error="invalid_token"',
    'Newauth dG9rZW42OA==, Bearer realm="api", error="invalid_token"',
    'Bearer realm="a \\"quoted\\" realm, with commas", error="invalid_token"',
    'Bearer error="invalid\\_token"',
    'Bearer error = "invalid_token"',
    ', , Basic realm="x", , Bearer error="invalid_token",',
  ])('is true for 401 %j', (challenge) => {
    expect(isInvalidTokenChallenge(answer(401, challenge))).toBe(true);
  });

  it.each([
    'Bearer error="insufficient_scope"',
    'Bearer realm="error=invalid_token"',
    'Bearer error_description="invalid_token"',
    'Basic realm="x", error="invalid_token"',
    'Basic error="invalid_token"',
    'DPoP error="invalid_token"',
    '',
    // Inside a quoted string, the text is a value, not a challenge.
    'Basic realm="Bearer error=invalid_token"',
    'Bearer realm="x, error=\\"invalid_token\\""',
    // A token68 credential, not an auth-param.
    'Bearer aW52YWxpZF90b2tlbg==',
    // Not the grammar: no reliable reading, so no renewal.
    'Bearer error="invalid_token',
    'Bearer error="invalid_token" junk',
    'Bearer error="invalid_token", error="insufficient_scope"',
  ])('is false for 401 %j', (challenge) => {
    expect(isInvalidTokenChallenge(answer(401, challenge))).toBe(false);
  });

  it('reads a challenge list split over two header lines', () => {
    const headers = new Headers();
    headers.append('www-authenticate', 'Basic realm="x"');
    headers.append('www-authenticate', 'Bearer error="invalid_token"');
    expect(isInvalidTokenChallenge(new Response(null, { status: 401, headers }))).toBe(true);
  });

  it('reads the DPoP challenge when asked for it (RFC 9449 §7.1)', () => {
    const both = 'Bearer realm="api", DPoP algs="ES256", error="invalid_token"';
    expect(isInvalidTokenChallenge(answer(401, both), 'DPoP')).toBe(true);
    expect(isInvalidTokenChallenge(answer(401, both))).toBe(false);
    expect(isInvalidTokenChallenge(answer(401, 'dpop error=invalid_token'), 'DPoP')).toBe(true);
    expect(isInvalidTokenChallenge(answer(401, 'Bearer error="invalid_token"'), 'DPoP')).toBe(
      false,
    );
    expect(isInvalidTokenChallenge(answer(401, 'DPoP error="use_dpop_nonce"'), 'DPoP')).toBe(false);
  });

  it('is false without the header and for other statuses', () => {
    expect(isInvalidTokenChallenge(answer(401))).toBe(false);
    expect(isInvalidTokenChallenge(answer(403, 'Bearer error="invalid_token"'))).toBe(false);
  });
});

describe('INVALID_REQUEST_ADVICE', () => {
  // Session 32 (smallfix): @dual-auth/resource answers 400 invalid_request to a token in the
  // URL's query (access_token.sent_in_url); the advice named only repeated or broken headers.
  it('names each cause of a 400 invalid_request: the sender, a token in the URL, a proxy', () => {
    expect(INVALID_REQUEST_ADVICE).toBe(
      "the request was malformed, not its token: a bug in the sender, an access_token query parameter in the call's URL, or a proxy that repeats or rewrites the Authorization or X-Act-Assertion header (RFC 6750 §2.3, §3.1), so it was neither renewed nor retried",
    );
  });
});
