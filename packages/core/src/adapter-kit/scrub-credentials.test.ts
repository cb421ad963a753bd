import { describe, expect, it } from 'vitest';
import { credentialScrubber, safeRemoteText, scrubCredentials } from './scrub-credentials.js';

const SECRET = 'abcdefghijklmnop';

describe('scrubCredentials', () => {
  it('replaces each run shared with a credential once, however many pieces it spans', () => {
    expect(scrubCredentials(`x ${SECRET} y ${SECRET.slice(3, 12)} z`, [SECRET])).toBe(
      'x ***REDACTED*** y ***REDACTED*** z',
    );
  });

  it('replaces a credential shorter than 8 characters only where it appears whole', () => {
    expect(scrubCredentials('key=pw12 and pw1', ['pw12'])).toBe('key=***REDACTED*** and pw1');
  });

  it('leaves text alone without credentials, or with empty ones', () => {
    expect(scrubCredentials('nothing to see', [])).toBe('nothing to see');
    expect(scrubCredentials('nothing to see', [''])).toBe('nothing to see');
  });
});

describe('credentialScrubber', () => {
  it('scrubs every text it is given as scrubCredentials does, its pieces cut once', () => {
    const scrub = credentialScrubber([SECRET, 'pw12']);
    for (const text of [`x ${SECRET.slice(2, 11)} y`, 'key=pw12', 'nothing to see']) {
      expect(scrub(text)).toBe(scrubCredentials(text, [SECRET, 'pw12']));
    }
    expect(safeRemoteText(`a ${SECRET} b`, scrub)).toBe('a ***REDACTED*** b');
  });
});

describe('safeRemoteText', () => {
  it('scrubs, strips control characters and bounds the length', () => {
    expect(safeRemoteText(`a\n${SECRET}\tb`, [SECRET])).toBe('a ***REDACTED*** b');
    expect(safeRemoteText('x '.repeat(250), [], 10)).toBe(`${'x '.repeat(5)}…`);
    // One word past the read limit (8 × max) goes whole: its start may be a credential's.
    expect(safeRemoteText('x'.repeat(500), [], 10)).toBeUndefined();
    expect(safeRemoteText(42, [])).toBeUndefined();
    expect(safeRemoteText('  ', [])).toBeUndefined();
  });
});
