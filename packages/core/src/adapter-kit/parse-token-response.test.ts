import { describe, expect, it } from 'vitest';
import { TokenRequestError } from '../errors/token-request-error.js';
import { parseTokenResponse } from './parse-token-response.js';

const clock = { now: () => 1_000_000 };

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

  it('keeps what the IdP sent, accepts a numeric-string expires_in, carries the act assertion', () => {
    const token = parseTokenResponse(
      { access_token: 'AT', token_type: 'bearer', expires_in: '3599', scope: 'api/.default' },
      { requestedScope: 'cfg', defaultExpiresIn: 3599, actAssertion: 'SECRET-ACT', clock },
    );
    expect(token).toMatchObject({ tokenType: 'bearer', expiresIn: 3599, scope: 'api/.default' });
    expect(token.actAssertion).toBe('SECRET-ACT');
    expect(String(token)).not.toContain('SECRET-ACT');
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
