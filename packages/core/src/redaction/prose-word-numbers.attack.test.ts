import { describe, expect, it } from 'vitest';
import { REDACTED, redactQuotedCredentials } from './redact.js';

// Under-match (third review of the prose-word rule): a part after the first could be any number
// of digits, or `0x` and any number of hex digits, so a credential made of a word and long numbers
// read as an error code and was kept: a chat bot token (`xoxb-<13 digits>-<13 digits>-<lower
// case>`), a session id (`session-<29 digits>`), a wallet key (`Key_0x<64 hex>`). A number in an
// error code is short (`_404`, `-2026`, an HRESULT `0x80070005`): a part now has up to 8 digits,
// or `0x` and up to 16 hex digits.
describe('attack: a credential of words and long numbers quoted as an error code', () => {
  it('takes a word joined to long numbers as a credential', () => {
    for (const quoted of [
      'token: xoxb-1234567890123-1234567890123-abcdefghijklmnopqrstuvwx',
      'token: session-12345678901234567890123456789',
      'Authorization: Key_0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318',
      'Authorization: Chat.1234567890123-1234567890123',
    ]) {
      const name = quoted.slice(0, quoted.indexOf(':') + 2);
      expect(redactQuotedCredentials(quoted)).toBe(`${name}${REDACTED}`);
    }
  });

  it('still keeps error codes with short numbers', () => {
    for (const prose of [
      'Authorization: ERR_ACCESS_TOKEN_EXPIRED_0x80070005',
      'Authorization: Http_Status_Unauthorized_401',
      'token: invalid-token-version-20261205',
      'Authorization: StatusCode.0xC000006D_LogonFailure',
    ]) {
      expect(redactQuotedCredentials(prose)).toBe(prose);
    }
  });
});
