import { describe, expect, it } from 'vitest';
import { withoutPersonalText } from './without-personal-data.js';

describe('withoutPersonalText', () => {
  it('redacts the human id as a whole word, in any case, and every email address', () => {
    expect(withoutPersonalText('user U-1 (u-1) is gone; mail ops@idp.example', 'u-1')).toBe(
      'user ***REDACTED*** (***REDACTED***) is gone; mail ***REDACTED***',
    );
  });

  it('leaves an id that is only part of a longer word, and text without one', () => {
    expect(withoutPersonalText('u-10 and xu-1 and invalid_grant', 'u-1')).toBe(
      'u-10 and xu-1 and invalid_grant',
    );
  });

  it('reads the id as text, not as a pattern', () => {
    expect(withoutPersonalText('a.c abc', 'a.c')).toBe('***REDACTED*** abc');
  });
});
