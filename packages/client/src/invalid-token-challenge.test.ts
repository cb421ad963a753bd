import { describe, expect, it } from 'vitest';
import { isInvalidTokenChallenge } from './invalid-token-challenge.js';

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
  ])('is false for 401 %j', (challenge) => {
    expect(isInvalidTokenChallenge(answer(401, challenge))).toBe(false);
  });

  it('is false without the header and for other statuses', () => {
    expect(isInvalidTokenChallenge(answer(401))).toBe(false);
    expect(isInvalidTokenChallenge(answer(403, 'Bearer error="invalid_token"'))).toBe(false);
  });
});
