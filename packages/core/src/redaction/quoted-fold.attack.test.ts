import { describe, expect, it } from 'vitest';
import { LINEAR_BOUND_MS, mebibyteOf, millisecondsToRead } from '../../test/read-cost.js';
import { REDACTED, redactQuotedCredentials } from './redact.js';

// Under-match (review of the credential rules): a proxy or logger that folds a long header line
// (RFC 9112 §5.2 obs-fold: a line end, then blanks) split the token after `Bearer`: a first piece
// under 16 characters was not taken for a credential, and after a longer one the piece on the next
// line was kept. A bare header's value ended at the fold too. A fold continues the value.
describe('attack: a credential split by a line fold', () => {
  it.each([
    [
      'a short first piece',
      'Authorization: Bearer Zm9vYmFyLWF0dGF\r\n jay10b2tlbi0wMTIz\r\nHost: x',
      `Authorization: ${REDACTED}\r\nHost: x`,
    ],
    [
      'a long first piece',
      'echo Bearer Zm9vYmFyLWF0dGFjay10b2tl\n\tbi0wMTIz end',
      `echo ${REDACTED} end`,
    ],
    ['three pieces', 'DPoP Zm9vYmFy\r\n LWF0dGFj\r\n ay10b2tlbi0wMTIz', REDACTED],
    [
      'a bare header value with a short first piece',
      'Authorization: 9vYmFyLWF0\r\n dGFjay10b2\r\nHost: x',
      `Authorization: ${REDACTED}\r\nHost: x`,
    ],
    [
      'a bare header value',
      'Authorization: Zm9vYmFyLWF0dGFjay10b2tl\r\n bi0wMTIz\r\nHost: x',
      `Authorization: ${REDACTED}\r\nHost: x`,
    ],
    [
      'a short Basic credential before a header on the next line',
      'Authorization: Basic YTpi\r\nHost: x',
      `Authorization: ${REDACTED}\r\nHost: x`,
    ],
  ])('%s', (_case, text, shown) => {
    expect(redactQuotedCredentials(text)).toBe(shown);
  });

  it('keeps prose that wraps after a scheme name, and a header on the next line', () => {
    for (const prose of [
      'Request is missing a Bearer or\n  PoP token.',
      'WWW-Authenticate: Bearer realm="api",\r\n error="invalid_token"',
      'Authorization: Basic auth\r\nHost: x',
    ]) {
      expect(redactQuotedCredentials(prose)).toBe(prose);
    }
  });

  it('reads 1 MiB of hostile folded text in linear time', () => {
    for (const text of [
      `Bearer ${mebibyteOf('a\r\n ')}`,
      mebibyteOf('Bearer a\r\n '),
      `Bearer ${mebibyteOf('\r\n ')}`,
      `Authorization: ${'a'.repeat(16)}${mebibyteOf('\r\n ')}`,
      mebibyteOf('Authorization: a\r\n '),
      `Authorization: ${mebibyteOf('a\r\n ')}`,
    ]) {
      expect(millisecondsToRead(redactQuotedCredentials, text)).toBeLessThan(LINEAR_BOUND_MS);
    }
  });
});
