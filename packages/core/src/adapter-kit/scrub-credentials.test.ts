import { describe, expect, it } from 'vitest';
import { safeRemoteText, scrubCredentials } from './scrub-credentials.js';

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

describe('safeRemoteText', () => {
  it('scrubs, strips control characters and bounds the length', () => {
    expect(safeRemoteText(`a\n${SECRET}\tb`, [SECRET])).toBe('a ***REDACTED*** b');
    expect(safeRemoteText('x'.repeat(500), [], 10)).toBe(`${'x'.repeat(10)}…`);
    expect(safeRemoteText(42, [])).toBeUndefined();
    expect(safeRemoteText('  ', [])).toBeUndefined();
  });
});
