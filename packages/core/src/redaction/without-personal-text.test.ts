import { describe, expect, it } from 'vitest';
import { safeRemoteText } from '../adapter-kit/scrub-credentials.js';
import { withoutPersonalText } from './without-personal-text.js';

describe('withoutPersonalText (the one rule for adapters and the cli doctor)', () => {
  it('redacts every email address, with no people given', () => {
    expect(withoutPersonalText('user Jane.Victim+x@corp.example (ops@idp.example)')).toBe(
      'user ***REDACTED*** (***REDACTED***)',
    );
  });

  it('redacts each given person as a whole word, case-insensitively, and skips blanks', () => {
    expect(withoutPersonalText('U-1 and u-10 and Jane Doe', ['u-1', ' ', 'jane doe'])).toBe(
      '***REDACTED*** and u-10 and ***REDACTED***',
    );
  });

  it('is applied to remote text an error keeps (error, error_description)', () => {
    expect(safeRemoteText('user jane@corp.example disabled', ['secret-value'])).toBe(
      'user ***REDACTED*** disabled',
    );
  });
});
