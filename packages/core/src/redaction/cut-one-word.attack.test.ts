import { describe, expect, it } from 'vitest';
import { redactQuotedCredentials, trimRemoteText } from './redact.js';

// Leak (review of the cut): a text with no blank, quote, comma, `;`, `\`, `:` or `=` before the
// cut kept its start, so a credential the cut split kept its first characters, too few to be
// recognised as one: a URL-encoded `access_token%3D…` or `Bearer%20…` echoed as one word kept
// what the 16-character rules do not reach (`Zx9Q` below). The cut now drops such a word whole.
const SECRET = 'Zx9QwErTyUiOp4sD';

describe('attack: one long word cut at the limit', () => {
  it('drops a credential the cut splits in text that is one word (trimRemoteText)', () => {
    for (const name of ['&access_token%3D', 'authorization%3ABearer%20', '&code%3D']) {
      // The token before it is blanked, so that what follows it comes within the 200 shown.
      const first = `access_token%3D${'q'.repeat(1600 - 15 - name.length - 4)}`;
      const text = `${first}${name}${SECRET}${'b'.repeat(100)}`;
      expect(text.slice(1596, 1600)).toBe('Zx9Q');
      expect(trimRemoteText(text, 200) ?? '').not.toContain('Zx9Q');
    }
  });

  it('drops it at the 1 MiB read limit too (redactQuotedCredentials)', () => {
    const name = 'Bearer%20';
    const text = `${'a'.repeat(2 ** 20 - name.length - 4)}${name}${SECRET}`;
    expect(redactQuotedCredentials(text)).toBe('…');
  });
});
