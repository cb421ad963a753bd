import { describe, expect, it } from 'vitest';
import { LINEAR_BOUND_MS, mebibyteOf, millisecondsToRead } from '../../test/read-cost.js';
import { REDACTED, redactQuotedCredentials } from './redact.js';

const MD5 = '6629fae49393a05397450978507c4ef1';
const SHA256 = '753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1';

// Under-match (review of the credential rules): a Digest authorization (RFC 7616 §3.4) quoted in
// an error kept its `response`, the hash of the password with the server's nonce: replayable while
// the nonce lives, and open to an offline guess of the password. Its value is quoted and follows
// other parameters, so neither the scheme rule nor the bare header rule read it.
describe('attack: a Digest response quoted in an error', () => {
  it.each([
    [
      'a Digest header',
      `Authorization: Digest username="u-1", realm="api", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", uri="/x", response="${MD5}", opaque="5ccc069c403ebaf9f0171e9517f40e41"`,
      `Authorization: Digest username="${REDACTED}", realm="api", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", uri="/x", response="${REDACTED}", opaque="5ccc069c403ebaf9f0171e9517f40e41"`,
    ],
    [
      'unquoted, SHA-256',
      `digest response=${SHA256}, qop=auth`,
      `digest response=${REDACTED}, qop=auth`,
    ],
    ['upper-case hex', `Response="${MD5.toUpperCase()}"`, `Response="${REDACTED}"`],
  ])('%s', (_case, text, shown) => {
    expect(redactQuotedCredentials(text)).toBe(shown);
  });

  it('keeps a response that is not a digest', () => {
    for (const prose of ['response=ok', 'invalid response="timeout"', 'response="0123abcd"']) {
      expect(redactQuotedCredentials(prose)).toBe(prose);
    }
  });

  it('reads 1 MiB of hostile digest text in linear time', () => {
    for (const text of [mebibyteOf('response="'), mebibyteOf(`response=${MD5.slice(0, 31)}`)]) {
      expect(millisecondsToRead(redactQuotedCredentials, text)).toBeLessThan(LINEAR_BOUND_MS);
    }
  });
});
