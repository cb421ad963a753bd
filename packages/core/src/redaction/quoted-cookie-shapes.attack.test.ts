import { describe, expect, it } from 'vitest';
import { LINEAR_BOUND_MS, mebibyteOf, millisecondsToRead } from '../../test/read-cost.js';
import { REDACTED, redactQuotedCredentials } from './redact.js';

const SESSION = 'CfDJ8abc123def456ghi789jkl012';
// ASP.NET Core's OpenID Connect handler names its correlation cookie `.AspNetCore.Correlation.`
// and 43 base64url characters, its nonce cookie `.AspNetCore.OpenIdConnect.Nonce.` and the
// protected nonce: names of 67 characters and more, sent before the session cookie.
const CORRELATION = `.AspNetCore.Correlation.${'Xb2kQ9'.repeat(7)}x`;

// Under-match (review of the cookie rule): the whole value of a quoted Cookie header was kept
// when its first cookie's name was longer than 64 characters, as ASP.NET Core's sign-in cookies'
// are; the cookies on a folded line (RFC 9112 §5.2, the fold every other header rule reads) were
// kept; and a header quoted URL-encoded kept its value when `%3D` joined the name and the value.
describe('attack: a cookie header in the shapes servers quote it', () => {
  it.each([
    [
      'a first cookie with a long name',
      `Cookie: ${CORRELATION}=N; .AspNetCore.Cookies=${SESSION}\r\nHost: x`,
      `Cookie: ${REDACTED}\r\nHost: x`,
    ],
    [
      'cookies on a folded line',
      `Cookie: lang=en;\r\n .AspNetCore.Cookies=${SESSION}\r\nHost: x`,
      `Cookie: ${REDACTED}\r\nHost: x`,
    ],
    ['a fold of a tab', `cookie: a=1;\n\tsid=${SESSION}`, `cookie: ${REDACTED}`],
    ['URL-encoded', `h=Cookie%3A%20sid%3D${SESSION}`, `h=Cookie%3A%20${REDACTED}`],
  ])('%s', (_case, text, shown) => {
    expect(redactQuotedCredentials(text)).toBe(shown);
  });

  it('keeps prose after a cookie header name', () => {
    for (const prose of [
      `the Cookie: ${'header'.repeat(12)} is missing`,
      'cookie: none sent\r\n retry with a session',
      'Set-Cookie%3A%20Path%3D%2F is not allowed',
    ]) {
      expect(redactQuotedCredentials(prose)).toBe(prose);
    }
  });

  it('reads 1 MiB of hostile long-name and folded cookie text in linear time', () => {
    for (const text of [
      `Cookie: ${mebibyteOf('a')}`,
      mebibyteOf(`Cookie: ${'a'.repeat(70)}`),
      mebibyteOf('cookie:cookie%3A'),
      mebibyteOf('Cookie%3A%20a'),
      `cookie:${mebibyteOf('%20')}`,
      `Cookie: a=${mebibyteOf('\r\n ')}`,
      mebibyteOf('Cookie: a=b\r\n '),
    ]) {
      expect(millisecondsToRead(redactQuotedCredentials, text)).toBeLessThan(LINEAR_BOUND_MS);
    }
  });
});
