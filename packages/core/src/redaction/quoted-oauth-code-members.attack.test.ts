import { describe, expect, it } from 'vitest';
import { LINEAR_BOUND_MS, mebibyteOf, millisecondsToRead } from '../../test/read-cost.js';
import { REDACTED, redactQuotedCredentials } from './redact.js';

const CODE = 'SplxlOBeZQQYbYS6WxSbIA';
const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
const DEVICE_CODE = 'GmRhmhcxhwAzkoEqiMEg_DnyEysNkuNhszIySk9eS';

// Under-match (review of the code rule): a code, PKCE verifier or device code written as a JSON
// member was kept whole; only `code=` was read. A token request may be sent as JSON (Auth0's
// token endpoint takes one), a validation error may quote the body it refused (FastAPI's 422
// `"input": {…}`), and a device authorization response is JSON (RFC 8628 §3.2).
describe('attack: an authorization code quoted as a JSON member', () => {
  it.each([
    [
      'a token request body',
      `{"grant_type":"authorization_code","code":"${CODE}","code_verifier":"${VERIFIER}"}`,
      `{"grant_type":"authorization_code","code":"${REDACTED}","code_verifier":"${REDACTED}"}`,
    ],
    [
      'blanks after the colon',
      `{"device_code": "${DEVICE_CODE}", "user_code": "WDJB-MJHT"}`,
      `{"device_code": "${REDACTED}", "user_code": "WDJB-MJHT"}`,
    ],
    ['a Python dict', `{'code': '${CODE}'}`, `{'code': '${REDACTED}'}`],
    ['escaped JSON', `{\\"code\\":\\"${CODE}\\"}`, `{\\"code\\":\\"${REDACTED}\\"}`],
  ])('%s', (_case, text, shown) => {
    expect(redactQuotedCredentials(text)).toBe(shown);
  });

  it('keeps error and status codes written as JSON members', () => {
    for (const prose of [
      '{"error":{"code":"InvalidAuthenticationToken","message":"Access token has expired."}}',
      '{"code":"ERR_ACCESS_TOKEN_EXPIRED_0x80070005"}',
      '{"code": 401, "message": "Unauthorized"}',
      '{"errorCode":"E0000011","errorSummary":"Invalid token provided"}',
    ]) {
      expect(redactQuotedCredentials(prose)).toBe(prose);
    }
  });

  it('reads 1 MiB of hostile code members in linear time', () => {
    for (const text of [
      mebibyteOf('"code":"'),
      mebibyteOf('\\"code\\" : \\"'),
      `"code":"${mebibyteOf('AbcAbc.', '+')}`,
    ]) {
      expect(millisecondsToRead(redactQuotedCredentials, text)).toBeLessThan(LINEAR_BOUND_MS);
    }
  });
});
