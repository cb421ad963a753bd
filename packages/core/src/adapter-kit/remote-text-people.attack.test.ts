import { describe, expect, it } from 'vitest';
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
    expect(safeRemoteText('José Núñez-Smith is disabled', [], 200, PEOPLE)).toBe(
      'José Núñez-Smith is disabled',
    );
    expect(safeRemoteText('user José is disabled', [], 200, PEOPLE)).toBe('user José is disabled');
  });
});
