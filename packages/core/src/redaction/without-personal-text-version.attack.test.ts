import { describe, expect, it } from 'vitest';
import { withoutPersonalText } from './without-personal-text.js';

// Attack (session 20, brk20b): a "domain" of one to three numbers is kept as a package version
// (`pkg@1.2.3`, mend20). An email at a host whose first label is a number (163.com and 126.com
// are large mail providers) is written with its dots as something the domain's characters stop
// at: an ideographic full stop (U+3002, a label separator to IDNA, RFC 3490 §3.1), or the dot as
// HTML or a URL encodes it. Its match then ends at `163`, which read as a version kept the whole
// address (blanked before mend20).
describe('attack: an email hiding as a package version', () => {
  it('is blanked when its numeric "version" goes on as a host', () => {
    for (const email of [
      'jane.doe@163\u3002com',
      'jane.doe@163\uFF61com',
      'jane.doe&#64;163&#46;com',
      'jane.doe&#x40;126&#x2e;com',
      'jane.doe%40163%2Ecom',
      'jane.doe\\u0040163\\u002ecom',
    ]) {
      const kept = withoutPersonalText(`user ${email} is disabled`);
      expect(kept, email).not.toContain('jane.doe');
    }
  });

  it('still keeps a version at the end of a sentence, in brackets or before a comma', () => {
    expect(withoutPersonalText('needs node@22. Upgrade (pkg@1.2.3), then lib@2, or x@1!')).toBe(
      'needs node@22. Upgrade (pkg@1.2.3), then lib@2, or x@1!',
    );
    expect(withoutPersonalText('pkg@1.2.3')).toBe('pkg@1.2.3');
  });
});

// Attack (session 20, brk20b): the words of one of `people` stop at an `@` (an email holding them
// is blanked whole as an email), so the human's own login or id before a "version" (`aliddell@2`,
// a per-user scope `files:u-1@2`) was kept with it.
describe('attack: one of the people hiding as a package name', () => {
  it('is blanked before a version', () => {
    expect(withoutPersonalText('user aliddell@1 not found', ['aliddell'])).toBe(
      'user ***REDACTED*** not found',
    );
    expect(withoutPersonalText('user ALIDDELL@2 not found', ['aliddell@corp.example'])).toBe(
      'user ***REDACTED*** not found',
    );
    expect(withoutPersonalText('scope files:u-1@2', ['u-1'])).toBe('scope files:***REDACTED***');
    expect(withoutPersonalText('needs pkg@1.2.3', ['aliddell', 'u-1'])).toBe('needs pkg@1.2.3');
  });
});
