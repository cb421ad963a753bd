import { describe, expect, it } from 'vitest';
import { LINEAR_BOUND_MS, mebibyteOf, millisecondsToRead } from '../../test/read-cost.js';
import { REDACTED, redactQuotedCredentials } from './redact.js';

const CODE = 'SplxlOBeZQQYbYS6WxSbIA';

// Under-match (review of the credential rules): an authorization code (RFC 6749 §4.1.2) a server
// quoted from the redirect or the token request it was sent stayed whole in the error text, and
// with it the PKCE verifier and a device code (RFC 7636 §4.5, RFC 8628 §3.4): only token, secret
// and key names were read. A code is redeemable until it expires.
describe('attack: an authorization code quoted in a URL or a form', () => {
  it.each([
    [
      'a quoted redirect URL',
      `redirect "https://app.example/cb?code=${CODE}&state=xyz" rejected`,
      `redirect "https://app.example/cb?code=${REDACTED}&state=xyz" rejected`,
    ],
    [
      'a token request form',
      `body grant_type=authorization_code&code=${CODE}&redirect_uri=https%3A%2F%2Fapp.example`,
      `body grant_type=authorization_code&code=${REDACTED}&redirect_uri=https%3A%2F%2Fapp.example`,
    ],
    [
      'a form that starts with the code',
      `code=${CODE}&grant_type=authorization_code`,
      `code=${REDACTED}&grant_type=authorization_code`,
    ],
    [
      'a PKCE verifier',
      'code_verifier=dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk&x=1',
      `code_verifier=${REDACTED}&x=1`,
    ],
    [
      'a device code',
      'device_code=GmRhmhcxhwAzkoEqiMEg_DnyEysNkuNhszIySk9eS refused',
      `device_code=${REDACTED} refused`,
    ],
  ])('%s', (_case, text, shown) => {
    expect(redactQuotedCredentials(text)).toBe(shown);
  });

  it('keeps an error code, a status code and a short value', () => {
    for (const prose of [
      'error code=invalid_request',
      'status code=401',
      'code=ERR_ACCESS_TOKEN_EXPIRED_0x80070005',
      'code=AuthorizationCodeAlreadyRedeemed',
      'error_code=AbCdEfGhIjKlMnOpQrSt',
    ]) {
      expect(redactQuotedCredentials(prose)).toBe(prose);
    }
  });

  it('reads 1 MiB of hostile code text in linear time', () => {
    for (const text of [mebibyteOf('code='), `code=${mebibyteOf('AbcAbc.', '+')}`]) {
      expect(millisecondsToRead(redactQuotedCredentials, text)).toBeLessThan(LINEAR_BOUND_MS);
    }
  });
});
