import { describe, expect, it } from 'vitest';
import { REDACTED, redactQuotedCredentials } from './redact.js';

// Under-match (third review): only token, secret and password names were read, so a key or
// signature a server quoted from the request it was sent stayed whole in the error: a storage SAS
// URL's `sig=` (a signed URL, usable until it expires), an API key sent as `?key=…`, `api_key=…`
// or an `X-Api-Key:`/`api-key:`/`…-Subscription-Key:` header or `"apiKey"` member, and a secret
// access key written as `…_secret_access_key:` or `"SecretAccessKey":`.
describe('attack: a key or signature quoted under its own name', () => {
  const SIG = 'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789%2BabcdE%3D';
  const KEY = 'AIzaSyA1b2C3d4E5f6G7h8I9j0KlMnOpQrStUvW';
  const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

  it('redacts a signed URL signature and an API key sent as a query parameter', () => {
    expect(
      redactQuotedCredentials(
        `AuthenticationFailed: https://a.example/c/b?sv=2021-08-06&sp=r&sig=${SIG}`,
      ),
    ).toBe(`AuthenticationFailed: https://a.example/c/b?sv=2021-08-06&sp=r&${REDACTED}`);
    for (const name of ['key', 'api_key', 'apikey', 'api-key']) {
      expect(
        redactQuotedCredentials(`API key not valid: https://x.example/v1?${name}=${KEY}&a=1`),
      ).toBe(`API key not valid: https://x.example/v1?${REDACTED}&a=1`);
    }
  });

  it('redacts an API key or secret access key written as a header or JSON member', () => {
    const cases: Array<[string, string]> = [
      [`X-Api-Key: ${KEY}`, 'X-Api-Key: '],
      [`api-key: ${KEY}`, 'api-key: '],
      [`x-example-api-key: ${KEY}`, 'x-example-api-key: '],
      [
        `Ocp-Apim-Subscription-Key: 0123456789abcdef0123456789abcdef`,
        'Ocp-Apim-Subscription-Key: ',
      ],
      [`{"apiKey":"${KEY}"}`, '{"apiKey":"'],
      [`cloud_secret_access_key: ${SECRET}`, 'cloud_secret_access_key: '],
      [`{"SecretAccessKey":"${SECRET}"}`, '{"SecretAccessKey":"'],
    ];
    for (const [quoted, kept] of cases) {
      const redacted = redactQuotedCredentials(quoted);
      expect(redacted.slice(0, kept.length + REDACTED.length)).toBe(`${kept}${REDACTED}`);
      expect(redacted).not.toMatch(/AIza|wJalr|0123456789abcdef/);
    }
  });

  it('keeps an error code after a key name and a short value', () => {
    for (const prose of [
      'api-key: ApiKeyNotValidForProject',
      '{"error":"invalid_key","key":"x"}',
      'sort key=name',
      'X-Api-Key: MissingApiKeyHeaderValue',
    ]) {
      expect(redactQuotedCredentials(prose)).toBe(prose);
    }
  });
});
