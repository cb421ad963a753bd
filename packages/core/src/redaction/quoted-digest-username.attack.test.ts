import { describe, expect, it } from 'vitest';
import { LINEAR_BOUND_MS, mebibyteOf, millisecondsToRead } from '../../test/read-cost.js';
import { REDACTED, redactQuotedCredentials } from './redact.js';

const MD5 = '6629fae49393a05397450978507c4ef1';

// Leak (review of the Digest rule): a Digest authorization (RFC 7616 §3.4) quoted in an error lost
// its `response` but kept its `username`, the person's login or email (`jane.doe@example.com`), or
// its RFC 8187 form (`username*=UTF-8''…`, RFC 7616 §3.4.4) for a name outside ASCII.
describe('attack: a Digest username quoted in an error', () => {
  it.each([
    [
      'a Digest header',
      `Authorization: Digest username="jane.doe@example.com", realm="api", uri="/x", response="${MD5}"`,
      `Authorization: Digest username="${REDACTED}", realm="api", uri="/x", response="${REDACTED}"`,
    ],
    [
      'a name with blanks, in escaped JSON',
      `{"h":"Digest Username=\\"Jane Doe\\", realm=\\"api\\""}`,
      `{"h":"Digest Username=\\"${REDACTED}\\", realm=\\"api\\""}`,
    ],
    [
      'its RFC 8187 form',
      `Digest username*=UTF-8''J%C3%A4s%C3%B8n%20Doe, realm="api"`,
      `Digest username*=${REDACTED}, realm="api"`,
    ],
    [
      'unquoted, as a form parameter',
      'username=jane.doe%40example.com&grant_type=password',
      `username=${REDACTED}&grant_type=password`,
    ],
  ])('%s', (_case, text, shown) => {
    expect(redactQuotedCredentials(text)).toBe(shown);
  });

  it('keeps the word username where no value follows', () => {
    for (const prose of [
      'the username is missing',
      'username= or password wrong',
      'userhash=true',
    ]) {
      expect(redactQuotedCredentials(prose)).toBe(prose);
    }
  });

  it('reads 1 MiB of hostile username text in linear time', () => {
    for (const text of [
      mebibyteOf('username="'),
      mebibyteOf('username*='),
      `username="${mebibyteOf('a')}`,
      mebibyteOf('username=a'),
    ]) {
      expect(millisecondsToRead(redactQuotedCredentials, text)).toBeLessThan(LINEAR_BOUND_MS);
    }
  });
});
