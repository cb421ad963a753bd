import { describe, expect, it } from 'vitest';
import { TokenRequestError } from '../errors/token-request-error.js';
import { REDACTED, trimRemoteText } from './redact.js';

// Leak (session 33, wave33/redact3): trimRemoteText, which the docs call the trim of text "safe to
// keep in an error", blanked credentials but kept every email: `safeRemoteText` blanks them first,
// but a TokenRequestError built with an IdP's raw `error_description` (an adapter outside this
// repository), or an app's own trimRemoteText of an IdP's text, kept `jane.doe@example.com`.
describe('attack: an email in remote text trimmed alone', () => {
  it('blanks an email, plain or disguised, in trimRemoteText', () => {
    expect(trimRemoteText('user jane.doe@example.com not found')).toBe(
      `user ${REDACTED} not found`,
    );
    expect(trimRemoteText('user jane.doe%40example.com not found')).toBe(
      `user ${REDACTED} not found`,
    );
  });

  it('blanks it in a TokenRequestError given the raw description', () => {
    const error = new TokenRequestError({
      message: 'invalid_grant',
      error: 'jane@example.com',
      errorDescription: 'no consent from jane.doe@example.com for this client',
    });
    expect(error.errorDescription).toBe(`no consent from ${REDACTED} for this client`);
    expect(error.error).toBe(REDACTED);
  });

  it('keeps a package version and text without an address', () => {
    expect(trimRemoteText('requires pkg@1.2.3 or later')).toBe('requires pkg@1.2.3 or later');
    expect(trimRemoteText('invalid_grant: the code expired')).toBe(
      'invalid_grant: the code expired',
    );
  });
});
