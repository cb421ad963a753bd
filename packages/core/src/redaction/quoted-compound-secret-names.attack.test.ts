import { describe, expect, it } from 'vitest';
import { REDACTED, redactQuotedCredentials } from './redact.js';

// Leak (session 33, wave33/reviewb): a secret's name was read only where it started a word or
// followed a `_`, and only as the whole name, so a change-password body a server quoted
// (`{"currentPassword":"…","newPassword":"…"}`, Rails' `password_confirmation`) or an app's
// `appSecret`, `secretKey` kept every short password and secret whole.
describe('attack: a secret under a compound field name', () => {
  it.each([
    [
      'camelCase before',
      '{"currentPassword":"hunter2","newPassword":"hunter3"}',
      `{"currentPassword":"${REDACTED}","newPassword":"${REDACTED}"}`,
    ],
    ['a word before', 'dbpassword=hunter2', `dbpassword=${REDACTED}`],
    [
      'confirmation after',
      '{"password_confirmation":"hunter2"}',
      `{"password_confirmation":"${REDACTED}"}`,
    ],
    ['camelCase confirm', "{'passwordConfirm': 'hunter2'}", `{'passwordConfirm': '${REDACTED}'}`],
    [
      'an app secret',
      '{"appSecret":"s3cr3t","webhookSecret":"whsec1"}',
      `{"appSecret":"${REDACTED}","webhookSecret":"${REDACTED}"}`,
    ],
    [
      'a secret key',
      'secretKey: abc123 secret_key=abc123',
      `secretKey: ${REDACTED} secret_key=${REDACTED}`,
    ],
  ])('%s', (_case, text, shown) => {
    expect(redactQuotedCredentials(text)).toBe(shown);
  });

  it.each([
    'password reset required',
    'error=invalid_token',
    '{"token_type":"Bearer","grant_type":"password"}',
    '{"passwordless":true}',
  ])('keeps %s', (text) => {
    expect(redactQuotedCredentials(text)).toBe(text);
  });
});
