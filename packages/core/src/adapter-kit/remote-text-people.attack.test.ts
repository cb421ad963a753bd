import { describe, expect, it } from 'vitest';
import { withoutPersonalText } from '../redaction/without-personal-text.js';
import { safeRemoteText } from './scrub-credentials.js';

// The human the request named, as `BaseAdapter` passes them: the act's string claims.
const PEOPLE = ['u-1', 'alice.smith@corp.example', 'José Núñez'];
const NAME = /jos|n[uú]\S?n|smith|bob|corp\.example/i;

describe('a name or email an IdP echoes in another spelling never reaches the kept text', () => {
  it.each([
    // The name decomposed (NFD: `e` + U+0301): it prints as the request's NFC name.
    'user Jose\u0301 Nu\u0301n\u0303ez is disabled',
    // Its words split by a line break or tab (kept text turns them into a space), or a no-break space.
    'user José\nNúñez is disabled',
    'user José\t\tNúñez is disabled',
    'user José\u00A0Núñez is disabled',
    // Invisible format characters and C1 controls beside the at sign of an email.
    'user bob\u200B@corp.example is disabled',
    'user bob@\u00ADcorp.example is disabled',
    'user bob\u0085@corp.example is disabled',
  ])('%j', (description) => {
    expect(safeRemoteText(description, [], 200, PEOPLE)).not.toMatch(NAME);
  });

  it('a name cut in two where a long echoed token makes the text too long to read whole', () => {
    const token = `eyJ${'x'.repeat(2000)}`;
    for (const cut of [' José Nú', ' José ', ' Jo']) {
      const lead = `bad subject_token ${token}`.slice(0, 1600 - cut.length);
      expect(safeRemoteText(`${lead} José Núñez is disabled`, [token], 200, PEOPLE)).not.toMatch(
        NAME,
      );
    }
  });

  it('keeps other words, a name that is not whole, and spaced text around it', () => {
    expect(safeRemoteText('user José Núñez  is  disabled', [], 200, PEOPLE)).toBe(
      'user ***REDACTED***  is  disabled',
    );
    // A word of the name alone is blanked (session 29), but not inside a longer word.
    expect(safeRemoteText('José Núñez-Smith is disabled', [], 200, PEOPLE)).toBe(
      '***REDACTED*** Núñez-Smith is disabled',
    );
    expect(safeRemoteText('user José is disabled', [], 200, PEOPLE)).toBe(
      'user ***REDACTED*** is disabled',
    );
  });

  it('reads a name with RegExp characters as written, and a name of thousands of words', () => {
    const people = ['Ann (Sales) O.Brien+1', `${'a '.repeat(5000)}b`];
    expect(safeRemoteText('user Ann (Sales) O.Brien+1 is disabled', [], 200, people)).toBe(
      'user ***REDACTED*** is disabled',
    );
    // `Ann` alone is a word of the name, blanked as such; `O.Brien+1` is no RegExp.
    expect(safeRemoteText('user Ann (Sales) OxBrien+1 is disabled', [], 200, people)).toBe(
      'user ***REDACTED*** (Sales) OxBrien+1 is disabled',
    );
    // Cut where the long name starts: its first words are dropped, nothing throws.
    const text = `${'x'.repeat(1590)} ${'a '.repeat(100)}`;
    expect(safeRemoteText(text, [], 200, people)).toBe(`${'x'.repeat(200)}…`);
  });

  it('a huge act value (a data URL) neither throws nor ends up in the text or an error', () => {
    const picture = `data:image/png;base64,${'iVBORw0KGgo '.repeat(10_000)}`;
    const text = `user ${picture.slice(0, 40)} is disabled`;
    expect(safeRemoteText(text, [], 200, ['u-1', picture])).toBe(text);
    // The IdP echoing it whole: cut to a start of it, which is dropped.
    expect(safeRemoteText(picture, [], 200, ['u-1', picture])).toBeUndefined();
    expect(withoutPersonalText(`user ${picture}`, [picture])).not.toContain('iVBOR');
  });
});
