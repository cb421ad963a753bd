import { describe, expect, it } from 'vitest';
import { REDACTED, redactQuotedCredentials, trimRemoteText } from './redact.js';

// Leak (session 33, wave33/redact2's review): a value under 16 characters was never blanked, even
// where its field's name says it is a secret: a form body's `password=hunter2` and a JSON body's
// `{"password":"hunter2"}`, quoted by a server in its error, kept the password; a quoted password
// of several words kept all of them.
describe('attack: a short secret under a secret field name', () => {
  it.each([
    [
      'a form body',
      'grant_type=password&password=hunter2&scope=openid',
      `grant_type=password&password=${REDACTED}&scope=openid`,
    ],
    ['a JSON member', '{"password":"hunter2"}', `{"password":"${REDACTED}"}`],
    [
      'a JSON member of several words',
      '{"password":"correct horse battery"}',
      `{"password":"${REDACTED}"}`,
    ],
    [
      'a JSON member with an escaped quote',
      '{"passwd":"ab\\"cd ef","x":1}',
      `{"passwd":"${REDACTED}","x":1}`,
    ],
    [
      'a Python dict',
      "{'client_secret': 's3cr3t', 'scope': 'openid'}",
      `{'client_secret': '${REDACTED}', 'scope': 'openid'}`,
    ],
    [
      'escaped JSON',
      '{"body":"{\\"pwd\\":\\"abc 12\\"}"}',
      `{"body":"{\\"pwd\\":\\"${REDACTED}\\"}"}`,
    ],
    [
      'URL-encoded once',
      'https://x.example/cb?q=password%3Dhunter2',
      `https://x.example/cb?q=password%3D${REDACTED}`,
    ],
    [
      'URL-encoded twice',
      'next=%2Flogin%3Fq%3Dpassword%253Dhunter2',
      `next=%2Flogin%3Fq%3Dpassword%253D${REDACTED}`,
    ],
    ['a header', 'Password: hunter2\r\nAccept: */*', `Password: ${REDACTED}\r\nAccept: */*`],
    ['a secret that reads as a word', 'secret=sunshine', `secret=${REDACTED}`],
    [
      'a private key',
      '{"private_key":"-----BEGIN PRIVATE KEY-----\\nMIIB\\n-----END PRIVATE KEY-----\\n"}',
      `{"private_key":"${REDACTED}"}`,
    ],
    ['an access token', 'access_token=Zx9Q1&state=s', `access_token=${REDACTED}&state=s`],
    ['a bare token', 'token: a1b2c3', `token: ${REDACTED}`],
    ['a refresh token', '{"refresh_token":"rT9x"}', `{"refresh_token":"${REDACTED}"}`],
    ['an id token', "{'id_token': 'x1'}", `{'id_token': '${REDACTED}'}`],
    [
      'a subject token',
      'subject_token=st9&actor_token=at9',
      `subject_token=${REDACTED}&actor_token=${REDACTED}`,
    ],
    [
      'an assertion',
      'assertion=a1b2&client_assertion=c3d4',
      `assertion=${REDACTED}&client_assertion=${REDACTED}`,
    ],
    ['an API key', 'X-Api-Key: k3y9', `X-Api-Key: ${REDACTED}`],
    ['a camel-case API key', '{"apiKey":"k3y9"}', `{"apiKey":"${REDACTED}"}`],
  ])('%s', (_case, text, shown) => {
    expect(redactQuotedCredentials(text)).toBe(shown);
  });

  it('blanks it in trimRemoteText too, and before a URL-encoded parameter', () => {
    expect(trimRemoteText('bad login: {"username":"u1","password":"hunter2"}')).not.toContain(
      'hunter2',
    );
    expect(redactQuotedCredentials('q=password%3Dhunter2%26a%3Db')).not.toContain('hunter2');
  });

  it('keeps error codes, prose and names that only contain token or secret', () => {
    for (const prose of [
      'error=invalid_token&error_description=expired',
      '{"token_type":"Bearer","expires_in":300}',
      'token_endpoint_auth_method=client_secret_basic',
      '{"token_endpoint_auth_method":"client_secret_post"}',
      'token=expired',
      'token: signature_verification_failed',
      '{"token":"the token expired"}',
      'X-Api-Key: MissingApiKeyHeaderValue',
      'grant_type=password',
      'username= or password wrong',
      'password=',
      '{"password":""}',
      'client_secret_expires_at=0',
    ]) {
      expect(redactQuotedCredentials(prose)).toBe(prose);
    }
  });
});
