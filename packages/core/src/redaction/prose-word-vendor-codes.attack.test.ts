import { describe, expect, it } from 'vitest';
import { LINEAR_BOUND_MS, mebibyteOf, millisecondsToRead } from '../../test/read-cost.js';
import { REDACTED, redactQuotedCredentials } from './redact.js';

// Over-match (review of the code rule): since `code=…` is read, a vendor's error code written as
// one was blanked, and the operator lost what failed: AWS's `InvalidClientTokenId` and
// `InvalidAccessKeyId`, Azure's `InvalidSubscriptionId`, Graph's `ErrorInvalidIdMalformed` (the
// hump `Id` was no word), Firebase's `auth/id-token-expired` and an Azure action
// `Microsoft.Authorization/roleAssignments/write` (no part could follow a `/`), and any code a
// record's text closes (`AuthError(code=invalid_request_object)`, `[code=PERMISSION_DENIED]`).
describe("attack: a vendor's error code after a credential's name", () => {
  it('keeps such codes', () => {
    for (const prose of [
      'code=InvalidClientTokenId',
      'sts failed code=InvalidAccessKeyId status=403',
      'code=InvalidSubscriptionId',
      '{"error":{"code":"ErrorInvalidIdMalformed"}}',
      '{"code":"auth/id-token-expired","message":"Firebase ID token has expired."}',
      'code=Microsoft.Authorization/roleAssignments/write',
      'AuthError(code=invalid_request_object)',
      '[code=PERMISSION_DENIED] caller lacks permission',
      'Authorization: InvalidSessionId',
      'token: auth/user-token-expired',
    ]) {
      expect(redactQuotedCredentials(prose)).toBe(prose);
    }
  });

  it('still takes keys as keys', () => {
    for (const key of [
      'ZmYvbFhQ/aWtLcmVnUnVk',
      'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      'ZmYvbFhQaWtLcmVnUnVk)',
      'Zm9v/YmFy/LWF0dGFjay10b2tlbi0',
    ]) {
      expect(redactQuotedCredentials(`code=${key}`)).toBe(`code=${REDACTED}`);
    }
  });

  it('reads 1 MiB of hostile near-prose text in linear time', () => {
    for (const value of [
      mebibyteOf('a/', '+'),
      mebibyteOf('AbcId/', '+'),
      `a${mebibyteOf(')', '+')}`,
      mebibyteOf('a/-)', '+'),
    ]) {
      const text = `code=${value}`;
      expect(millisecondsToRead(redactQuotedCredentials, text)).toBeLessThan(LINEAR_BOUND_MS);
    }
  });
});
