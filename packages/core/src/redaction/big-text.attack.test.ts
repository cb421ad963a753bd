import { describe, expect, it } from 'vitest';
import { safeFetchCause } from '../adapter-kit/safe-fetch-cause.js';
import { safeRemoteText } from '../adapter-kit/scrub-credentials.js';
import { describeError, safeCause } from '../secrets-kit/safe-cause.js';
import { redactQuotedCredentials, trimRemoteText } from './redact.js';
import { withoutPersonalText } from './without-personal-text.js';

// Attack: V8's RegExp engine keeps a backtrack entry per character a greedy loop reads, and throws
// `RangeError: Maximum call stack size exceeded` past its stack: `'Authorization: a' + '-' × 4 MiB`
// made `trimRemoteText` and `redactQuotedCredentials` throw (every credential shape did at 8 MiB),
// where a server's or an SDK's error text reaches them. Each entry now reads a bounded start of
// the text (cut where no credential is split) before any RegExp runs.
const MIB = 2 ** 20;
const SECRET = 'Zx9QwErTyUiOp4sD';
const hostile = (size: number): string[] => [
  `Authorization: a${'-'.repeat(size)}`,
  `Authorization: Bearer ${SECRET} ${'a'.repeat(size)}`,
  `Cookie: sid=${SECRET}; ${'b'.repeat(size)}`,
  `password: ${SECRET} response=${'a'.repeat(size)}`,
  `jane.doe@corp.example ${'Credential='.repeat(size / 11)}`,
];
// Each entry, and what it blanks: credentials, emails.
const entries: [string, (text: string) => string | undefined, boolean, boolean][] = [
  ['redactQuotedCredentials', redactQuotedCredentials, true, false],
  ['trimRemoteText', (text) => trimRemoteText(text), true, false],
  ['withoutPersonalText', (text) => withoutPersonalText(text, ['Jane Doe']), false, true],
  ['safeRemoteText', (text) => safeRemoteText(text, [], 200), true, true],
  ['safeCause', (text) => safeCause(new Error(text)).message, true, true],
  ['describeError', (text) => describeError(new Error(text)), true, true],
  ['safeFetchCause', (text) => safeFetchCause(new Error(text)).message, true, true],
];

describe('attack: megabytes of hostile text', () => {
  for (const [name, entry, credentials, emails] of entries) {
    it(`${name} returns a bounded string for 4 and 8 MiB, never a throw`, {
      timeout: 120_000,
    }, () => {
      for (const size of [4 * MIB, 8 * MIB]) {
        for (const text of hostile(size)) {
          const shown = entry(text) ?? '';
          expect(shown.length).toBeLessThanOrEqual(MIB + 1);
          if (credentials) expect(shown).not.toContain(SECRET);
          if (emails) expect(shown).not.toContain('jane.doe');
        }
      }
    });
  }
});

// A credential the cut splits keeps a start too short to be recognised as one: it goes with the
// rest of its word and the pieces folded onto lines before it, wherever the shrunk text before it
// brings it into view.
describe('the cut of a long text', () => {
  // The cut (8 × 200 characters) falls two characters into `ijkl…`.
  const before = (split: string) => `Cookie: sid=${'c'.repeat(1585 - split.indexOf('ijkl'))}\n`;
  const splits = [
    `Bearer abcdefgh\r\n ijklmnopqrstuvwxyz`,
    `Authorization: Token abcdefgh\r\n ijklmnopqrstuvwxyz`,
    `password: abcdefgh:ijklmnopqrstuvwxyz`,
  ];
  it('drops the start of a credential it splits (safeRemoteText, trimRemoteText)', () => {
    for (const split of splits) {
      const text = before(split) + split;
      expect(text.slice(1598, 1600)).toBe('ij');
      expect(safeRemoteText(text, [], 200)).not.toContain('abcdefgh');
      expect(trimRemoteText(text, 200)).not.toContain('abcdefgh');
      expect(describeError(new Error(text))).not.toContain('abcdefgh');
    }
  });

  it('drops the start of a credential it splits (safeFetchCause, which reads 2 000 characters)', () => {
    for (const split of splits) {
      const text = `Cookie: sid=${'c'.repeat(1985 - split.indexOf('ijkl'))}\n${split}`;
      expect(text.slice(1998, 2000)).toBe('ij');
      expect(safeFetchCause(new Error(text)).message).not.toContain('abcdefgh');
    }
  });
});
