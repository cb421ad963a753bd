import { describe, expect, it } from 'vitest';
import { LINEAR_BOUND_MS, mebibyteOf, millisecondsToRead } from '../../test/read-cost.js';
import { REDACTED, redactQuotedCredentials } from './redact.js';

// Over-match (review of the prose-word rule): a vendor's error code with an acronym inside
// (AWS's `InvalidUserID.NotFound`, `InvalidSAMLResponse`) or a service name with a digit in front
// (`S3AccessDeniedException`, `EC2ThrottledException`) after `code=` was blanked as if it were an
// authorization code: a hump had to be one capital and small letters, and a number could follow
// only capitals at the start of the word. Acronyms are now read from a closed list, so that a
// random code is no more often taken for a word than before (a run of capitals is what tells most
// random codes from words).
describe('attack: an error code with an acronym or a digit inside', () => {
  it('keeps such codes', () => {
    for (const prose of [
      'code=InvalidUserID.NotFound',
      'code=S3AccessDeniedException',
      'code=EC2ThrottledException',
      'code=InvalidSAMLResponse',
      'code=InvalidIAMRoleARN',
      '{"code":"UserIDNotFoundOrDisabled"}',
      'Authorization: InvalidJWTSignature',
      'code=invalidUserIDFormat',
    ]) {
      expect(redactQuotedCredentials(prose)).toBe(prose);
    }
  });

  it('still takes keys and random codes as keys', () => {
    for (const key of [
      'SplxlOBeZQQYbYS6WxSbIA',
      'AbcIDEFghiJKLmnoPQrs',
      'AbcIDIDEfgIPUIxyzURLq',
      'S3S3S3S3AccessDenied',
      'XyzABCDefgHIJklmNOPq',
      'AKIAIOSFODNN7EXAMPLE',
      'S3Ab9cdefghijklmnopq',
    ]) {
      expect(redactQuotedCredentials(`code=${key}`)).toBe(`code=${REDACTED}`);
    }
  });

  it('reads 1 MiB of hostile near-prose text in linear time', () => {
    for (const value of [
      mebibyteOf('UserID.', '+'),
      mebibyteOf('S3Access.', '+'),
      mebibyteOf('AbcJWKS', '+'),
      mebibyteOf('HTTPSAbc', '+'),
      mebibyteOf('IDAbc/', '+'),
    ]) {
      const text = `code=${value}`;
      expect(millisecondsToRead(redactQuotedCredentials, text)).toBeLessThan(LINEAR_BOUND_MS);
    }
  });
});
