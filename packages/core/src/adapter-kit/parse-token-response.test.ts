import { describe, expect, it } from 'vitest';
import { TokenRequestError } from '../errors/token-request-error.js';
import { parseTokenResponse } from './parse-token-response.js';

const clock = { now: () => 1_000_000 };
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
/** An act assertion as the Entra adapter makes it (the signature does not matter here). */
const assertion = (claims: object) =>
  `${b64({ alg: 'RS256', typ: 'JWT' })}.${b64(claims)}.SECRET-SIG`;

describe('parseTokenResponse', () => {
  it('applies the reference defaults', () => {
    const token = parseTokenResponse(
      { access_token: 'AT' },
      { requestedScope: ['finance.read', 'x'], defaultExpiresIn: 86_400, clock },
    );
    expect(token).toMatchObject({
      accessToken: 'AT',
      tokenType: 'Bearer',
      expiresIn: 86_400,
      expiresAt: 1_000_000 + 86_400_000,
      scope: 'finance.read x',
      actAssertion: undefined,
    });
  });

  // iat 1000 s, exp 1300 s: 300 s after the clock's now (1 000 000 ms).
  const ACT = assertion({ iss: 'app', sub: 'app', iat: 1000, exp: 1300, act: { sub: 'u-1' } });

  it('keeps what the IdP sent, accepts a numeric-string expires_in, carries the act assertion', () => {
    const token = parseTokenResponse(
      { access_token: 'AT', token_type: 'bearer', expires_in: '3599', scope: 'api/.default' },
      { requestedScope: 'cfg', defaultExpiresIn: 3599, actAssertion: ACT, clock },
    );
    expect(token).toMatchObject({ tokenType: 'bearer', expiresIn: 3599, scope: 'api/.default' });
    expect(token.actAssertion).toBe(ACT);
    expect(String(token)).not.toContain('SECRET-SIG');
  });

  it('ends the token no later than its act assertion, keeping expires_in as the IdP said', () => {
    const token = parseTokenResponse(
      { access_token: 'AT', expires_in: 3599 },
      { requestedScope: 'cfg', defaultExpiresIn: 3599, actAssertion: ACT, clock },
    );
    expect(token.expiresIn).toBe(3599);
    expect(token.expiresAt).toBe(1_300_000);
    const longLived = parseTokenResponse(
      { access_token: 'AT', expires_in: 60 },
      { requestedScope: 'cfg', defaultExpiresIn: 3599, actAssertion: ACT, clock },
    );
    expect(longLived.expiresAt).toBe(1_000_000 + 60_000);
  });

  it('refuses an expires_in that is not a number of seconds', () => {
    for (const bad of [-1, 'soon', {}, Number.NaN]) {
      expect(() =>
        parseTokenResponse(
          { access_token: 'AT', expires_in: bad },
          { requestedScope: [], defaultExpiresIn: 1, vendor: 'okta', clock },
        ),
      ).toThrow(TokenRequestError);
    }
  });
});
