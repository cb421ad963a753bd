import { describe, expect, it } from 'vitest';
import { REDACTED, redactQuotedCredentials } from './redact.js';

// Leak (session 33, wave33/reviewb): a Digest `username` was read only with its `=` right after
// the name and the value's quote right after it, and a form's `username=` only unencoded: an
// auth-param with blanks around its `=` (RFC 9110 §11.2 allows them) and a token request quoted
// URL-encoded inside another URL (`%26username%3Djane%26password%3D…`) kept the person's login.
describe('attack: a username quoted in another form', () => {
  it.each([
    [
      'blanks around =',
      'Digest username = "jane@corp.example", realm="api"',
      `Digest username = "${REDACTED}", realm="api"`,
    ],
    [
      'tab before the quote',
      'Digest realm="api", username=\t"jane"',
      `Digest realm="api", username=\t"${REDACTED}"`,
    ],
    [
      'URL-encoded form',
      '?next=%2Ftoken%3Fusername%3Djane%26scope%3Dread',
      `?next=%2Ftoken%3Fusername%3D${REDACTED}%26scope%3Dread`,
    ],
    ['encoded twice', 'username%253Djane%252540corp.example', `username%253D${REDACTED}`],
    ['encoded quotes', 'username%3D%22jane%22', `username%3D${REDACTED}`],
  ])('%s', (_case, text, shown) => {
    expect(redactQuotedCredentials(text)).toBe(shown);
  });
});
