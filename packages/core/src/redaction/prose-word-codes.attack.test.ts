import { describe, expect, it } from 'vitest';
import { LINEAR_BOUND_MS, mebibyteOf, millisecondsToRead } from '../../test/read-cost.js';
import { REDACTED, redactQuotedCredentials } from './redact.js';

// Over-match (review of the prose-word rule): an error code a server writes after a credential
// header's name was blanked, and the operator lost what failed: a PascalCase name with a word of
// two letters (`Or`, `By`: a hump needed three) and a code that starts with capitals and a number
// (`AADSTS50013_…`: a number could only follow a `_`, `-` or `.`). A two-letter hump is now one
// of the short English words, and the first part may be up to 8 capitals and up to 8 digits; a
// key's two-letter humps (`Fh`, `Wt`), a longer run of capitals or digits, and a key in groups of
// capitals and digits still read as a key.
describe('attack: an error code with short words or a numbered prefix', () => {
  it('keeps such codes', () => {
    for (const prose of [
      'Authorization: AccessTokenExpiredOrRevokedByUser',
      'Authorization: UserIsNotAllowedToSignInAsAnAdmin',
      'Authorization: AADSTS50013_InvalidAssertionSignature',
      'Authorization: AADSTS50013_Assertion failed signature validation',
      'token: IDX10503.SignatureValidationFailed',
    ]) {
      expect(redactQuotedCredentials(prose)).toBe(prose);
    }
  });

  it('still takes keys as keys', () => {
    for (const key of [
      'ZmYvbFhQaWtLcmVnUnVk',
      'AKIAIOSFODNN7EXAMPLE',
      'ABCDEFGHIJKLMNOP12345678',
      'ABC123456789012345678',
      'OrByOfInToAtOnIsNoAs1',
      'AB12-CD34-EF56-GH78-IJ90',
    ]) {
      expect(redactQuotedCredentials(`Authorization: ${key}`)).toBe(`Authorization: ${REDACTED}`);
    }
  });

  it('reads 1 MiB of hostile near-prose text in linear time', () => {
    for (const value of [
      mebibyteOf('OrBy', '+'),
      mebibyteOf('AbcOr.', '+'),
      mebibyteOf('ABCDEFGH12345678_', '+'),
      mebibyteOf('A1.', '+'),
    ]) {
      const text = `Authorization: ${value}`;
      expect(millisecondsToRead(redactQuotedCredentials, text)).toBeLessThan(LINEAR_BOUND_MS);
    }
  });
});
