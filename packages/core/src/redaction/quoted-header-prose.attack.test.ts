import { describe, expect, it } from 'vitest';
import { REDACTED, redactQuotedCredentials } from './redact.js';

// Over-match (review of the quoted-header rule): an error code or class name a server writes after
// the header's name was taken for a bare key and blanked, and the operator lost what failed: only
// a lower-case word with `_` or `-` read as prose. PascalCase, UPPER_SNAKE, dotted names and a
// numeric or hex part (`0x80070005`) now read as words too; a key mixes letters and digits.
describe('attack: an error code quoted after a credential header name', () => {
  it('keeps error codes and class names', () => {
    for (const prose of [
      'Authorization: AuthorizationPolicyFailedForResource',
      'Authorization: ERR_ACCESS_TOKEN_EXPIRED_0x80070005',
      'Authorization: Invalid_Token_Audience_Mismatch',
      'Authorization: PermissionDenied.InsufficientScope',
      'Authorization: com.example.auth.TokenExpiredException',
      'Authorization: AccessDeniedException: User: arn:aws:iam::123456789012:user/bob',
      'X-Act-Assertion: ActAssertionSignatureInvalid',
      'authorization: XMLHttpRequestBlockedForOrigin',
      'token: Signature_Verification_Failed',
    ]) {
      expect(redactQuotedCredentials(prose)).toBe(prose);
    }
  });

  it('still takes a key that mixes letters and digits, or letters without word shapes', () => {
    for (const key of [
      'Zm9vYmFyLWF0dGFjay10b2tlbi0wMTIz',
      'sk_live_51HxYzAbCdEf0123456789',
      'ZmYvbFhQaWtLcmVnUnVk',
      'AKIAIOSFODNN7EXAMPLE',
      'AbCdEfGhIjKlMnOpQrSt',
    ]) {
      expect(redactQuotedCredentials(`Authorization: ${key}`)).toBe(`Authorization: ${REDACTED}`);
    }
  });
});
