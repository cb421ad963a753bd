import { describe, expect, it } from 'vitest';
import { LINEAR_BOUND_MS, mebibyteOf, millisecondsToRead } from '../../test/read-cost.js';
import { REDACTED, redactQuotedCredentials } from './redact.js';

const SESSION = 'abc123def456ghi789jkl012';

// Under-match (review of the credential rules): a server or proxy that quotes the request's
// `Cookie:` header, or the `Set-Cookie:` it sent, kept the session id in the error text: no rule
// read a cookie. A cookie's value is the session (RFC 6265 §4.1.1, §5.4): the header's whole value
// goes, up to the line end, a `\` or a quote that closes it.
describe('attack: a cookie quoted in an error', () => {
  it.each([
    ['a Cookie header', `Cookie: session=${SESSION}`, `Cookie: ${REDACTED}`],
    [
      'several cookies, up to the line end',
      `cookie: lang=en; session=${SESSION}\r\nHost: api.example`,
      `cookie: ${REDACTED}\r\nHost: api.example`,
    ],
    [
      'a Set-Cookie header',
      `Set-Cookie: __Host-sid=${SESSION}; Path=/; Secure; HttpOnly`,
      `Set-Cookie: ${REDACTED}`,
    ],
    ['a quoted cookie value', `Cookie: sid="${SESSION}"; a=b`, `Cookie: ${REDACTED}`],
    [
      'a JSON member',
      `{"cookie":"session=${SESSION}","accept":"*/*"}`,
      `{"cookie":"${REDACTED}","accept":"*/*"}`,
    ],
    ['escaped JSON', `{\\"Cookie\\":\\"session=${SESSION}\\"}`, `{\\"Cookie\\":\\"${REDACTED}\\"}`],
  ])('%s', (_case, text, shown) => {
    expect(redactQuotedCredentials(text)).toBe(shown);
  });

  it('keeps prose that names a cookie header or its attributes', () => {
    for (const prose of [
      'the Cookie: header is missing',
      'Set-Cookie was blocked by the browser',
      'third-party cookie=blocked',
      'Set-Cookie: SameSite=None requires Secure',
      'set-cookie: Path=/ is not allowed here',
    ]) {
      expect(redactQuotedCredentials(prose)).toBe(prose);
    }
  });

  it('reads 1 MiB of hostile cookie text in linear time', () => {
    for (const text of [
      mebibyteOf('Cookie:'),
      mebibyteOf('cookie: a="'),
      mebibyteOf('Cookie: a=', '"'),
      `Cookie: ${mebibyteOf('a')}`,
    ]) {
      expect(millisecondsToRead(redactQuotedCredentials, text)).toBeLessThan(LINEAR_BOUND_MS);
    }
  });
});
