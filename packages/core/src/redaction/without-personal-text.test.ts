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

  // Mend (Session 20, mend20): a package version was blanked as an email (`pkg@1.2.3`): a
  // "domain" of one to three numbers names no host. Four numbers is an IPv4 address: an email.
  it('keeps a package version, and still blanks an email at an IPv4 address or a named host', () => {
    expect(withoutPersonalText('upgrade pkg@1.2.3 or node@22 first')).toBe(
      'upgrade pkg@1.2.3 or node@22 first',
    );
    expect(withoutPersonalText('jane@10.0.0.1 and jane@localhost and jane@1.2.3-rc.example')).toBe(
      '***REDACTED*** and ***REDACTED*** and ***REDACTED***',
    );
  });
});
