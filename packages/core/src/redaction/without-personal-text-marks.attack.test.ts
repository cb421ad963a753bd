import { describe, expect, it } from 'vitest';
import { withoutPersonalText } from './without-personal-text.js';

// Attack (session 21, brk21): the email pattern's local part and domain held letters and digits
// but no combining marks (\p{M}: Devanagari vowel signs and viramas, U+0332), so an
// internationalized address (RFC 6531) was blanked only up to its first mark, and a mark beside
// the `@` kept the address whole. An `@` written as a literal `\u{40}` or as HTML escaped twice
// (`&amp;#64;`) was not read as one.
describe('attack: an email with combining marks or a twice-escaped at sign', () => {
  it('is blanked whole', () => {
    for (const [text, expected] of [
      ['user राहुल@corp.example', 'user ***REDACTED***'],
      ['rahul@उदाहरण.भारत', '***REDACTED***'],
      ['jane.doe\u0332@corp.example', '***REDACTED***'],
      ['jane@corp.example\u0332 left', '***REDACTED*** left'],
      ['jane\\u{40}corp.example', '***REDACTED***'],
      ['jane\\u{0040}corp.example', '***REDACTED***'],
      ['jane&amp;#64;corp.example', '***REDACTED***'],
      ['jane&amp;amp;#x40;corp.example', '***REDACTED***'],
      ['jane&amp;commat;corp.example', '***REDACTED***'],
    ] as const) {
      expect(withoutPersonalText(text), text).toBe(expected);
    }
  });
});

// Over-blanking (brk21): a version with a pre-release part or a `v` was read as a host.
describe('a package version with a pre-release part or a v', () => {
  it('is kept, under the rules of a plain version', () => {
    expect(withoutPersonalText('needs undici@6.21.0-rc.1, or undici@v6.21.0.')).toBe(
      'needs undici@6.21.0-rc.1, or undici@v6.21.0.',
    );
    expect(withoutPersonalText('user aliddell@v1 not found', ['aliddell'])).toBe(
      'user ***REDACTED*** not found',
    );
    expect(withoutPersonalText('jane.doe@v163\u3002com')).not.toContain('jane.doe');
    expect(withoutPersonalText('jane.doe@1.2.3-rc&#46;com')).not.toContain('jane.doe');
  });
});
