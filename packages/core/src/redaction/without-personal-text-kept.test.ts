import { describe, expect, it } from 'vitest';
import { safeRemoteText } from '../adapter-kit/scrub-credentials.js';
import { withoutPersonalText } from './without-personal-text.js';

// Mend (Session 21, mend21): the redaction read the IdP's text in NFKC to find people and emails
// (a full-width or decomposed name is the name), and returned that reading, so text it had nothing
// to blank in was rewritten too (`ﬁ²` → `fi2`, `Ｅｒｒｏｒ` → `Error`). It is compared in NFKC and
// kept as the IdP wrote it wherever nothing is redacted.
describe('withoutPersonalText keeps what the IdP wrote where nothing is redacted', () => {
  it('keeps ligatures, superscripts, full-width and decomposed letters as written', () => {
    for (const text of ['ﬁ² refused', 'Ｅｒｒｏｒ：ｑｕｏｔａ', 'Jose\u0301 ﬁle', '①　ｘ']) {
      expect(withoutPersonalText(text, ['u-1', 'Alice Liddell'])).toBe(text);
    }
  });

  it('blanks a person or an email found in NFKC and keeps the rest as written', () => {
    expect(withoutPersonalText('ﬁ² denied for Alice', ['alice'])).toBe(
      'ﬁ² denied for ***REDACTED***',
    );
    expect(withoutPersonalText('ﬁ² denied for Ａｌｉｃｅ ①', ['alice'])).toBe(
      'ﬁ² denied for ***REDACTED*** ①',
    );
    expect(withoutPersonalText('ﬁ² alice＠corp.example ﬁ²', [])).toBe('ﬁ² ***REDACTED*** ﬁ²');
    expect(withoutPersonalText('Jose\u0301 Nu\u0301n\u0303ez ﬁ', ['José Núñez'])).toBe(
      '***REDACTED*** ﬁ',
    );
  });

  it('still drops invisible characters, which a reader never sees', () => {
    expect(withoutPersonalText('ﬁ\u200B² \u202Eok', [])).toBe('ﬁ² ok');
  });

  it('keeps the written text through safeRemoteText, a long text cut first included', () => {
    expect(safeRemoteText('ﬁ² refused for alice@corp.example', [])).toBe(
      'ﬁ² refused for ***REDACTED***',
    );
    expect(safeRemoteText(`ﬁ² ${'ｘ '.repeat(2000)}`, [], 10, ['José Núñez'])).toBe(
      'ﬁ² ｘ ｘ ｘ ｘ…',
    );
  });
});
