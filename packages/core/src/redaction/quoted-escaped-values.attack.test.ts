import { describe, expect, it } from 'vitest';
import { LINEAR_BOUND_MS, mebibyteOf, millisecondsToRead } from '../../test/read-cost.js';
import { REDACTED, redactQuotedCredentials } from './redact.js';

const MD5 = '6629fae49393a05397450978507c4ef1';
const SESSION = 'abc123def456ghi789jkl012';

// Under-match (review of the Digest and cookie rules): a header quoted inside a JSON string (a
// JSON log line, an error body that quotes the request as JSON) has its quotes escaped, `\"`: a
// Digest `response=\"<hash>\"` was kept whole, and a quoted cookie value (`JSESSIONID=\"…\"`, as
// Java servlet containers write RFC 2109 cookies) was kept after the blanked name.
describe('attack: a quoted value inside a JSON string', () => {
  it.each([
    [
      'a Digest response',
      `{"authorization":"Digest username=\\"u-1\\", nonce=\\"dcd98b71\\", response=\\"${MD5}\\", qop=auth"}`,
      `{"authorization":"Digest username=\\"${REDACTED}\\", nonce=\\"dcd98b71\\", response=\\"${REDACTED}\\", qop=auth"}`,
    ],
    [
      'a quoted cookie value',
      `{"headers":"Cookie: $Version=\\"1\\"; JSESSIONID=\\"${SESSION}\\"","path":"/x"}`,
      `{"headers":"Cookie: ${REDACTED}","path":"/x"}`,
    ],
  ])('%s', (_case, text, shown) => {
    expect(redactQuotedCredentials(text)).toBe(shown);
  });

  it('reads 1 MiB of hostile escaped values in linear time', () => {
    for (const text of [
      mebibyteOf('response=\\"'),
      mebibyteOf('cookie: a=\\"'),
      mebibyteOf('Cookie: a=', '\\"'),
    ]) {
      expect(millisecondsToRead(redactQuotedCredentials, text)).toBeLessThan(LINEAR_BOUND_MS);
    }
  });
});
