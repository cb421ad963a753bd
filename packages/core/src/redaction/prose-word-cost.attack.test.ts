import { describe, expect, it } from 'vitest';
import { REDACTED, redactQuotedCredentials } from './redact.js';

// Attack (second review of the prose-word rule): a part of a word could be read two ways (`Abc`
// as a capital and small letters, or as one hump), so a long dotted word of such parts that was
// not prose in the end (`AbcAbc.` repeated, then `+`) made the test try every way to read every
// part: 2^parts steps. A server's error body quoting `Authorization: …` froze the process. Bench
// by hand (scratch script, redactQuotedCredentials): before, 64 KiB did not end within 300 s;
// after, about 1 ms at 64, 128 and 256 KiB. Each part now reads one way only.
describe('attack: the cost of a near-miss of a prose word', () => {
  it('reads a long dotted near-prose value once and takes it as a credential', () => {
    const value = `${'AbcAbc.'.repeat(9362)}+`; // 64 KiB
    expect(redactQuotedCredentials(`Authorization: ${value}`)).toBe(`Authorization: ${REDACTED}`);
    expect(redactQuotedCredentials(`token: ${value}`)).toBe(`token: ${REDACTED}`);
  });

  it('still keeps the same word when it is prose', () => {
    const prose = 'AbcAbc.'.repeat(9362).slice(0, -1);
    expect(redactQuotedCredentials(`Authorization: ${prose}`)).toBe(`Authorization: ${prose}`);
  });
});
