import { describe, expect, it } from 'vitest';
import { REDACTED, redactQuotedCredentials, trimRemoteText } from './redact.js';

const JWT = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhZ2VudCJ9.c2lnbmF0dXJlLXBhcnQ';

// Attack: the JWT rule started a search at every `eyJ` after a word boundary, a `-` included, and
// each search read on to the end of the `[\w-]` run looking for the `.` of a JWT: text of `eyJ-`
// repeated, which a server may echo from a request, cost the square of its length (64 KiB took
// 3.5 s, 128 KiB four times that), per error. A run is now read from its start only. Bench by
// hand (scratch script, redactQuotedCredentials on `eyJ-` × n): before 0.76 s at 32 KiB, 3.45 s
// at 64 KiB; after about 1 ms at both.
describe('attack: the cost of hostile text', () => {
  const run = 'eyJ-'.repeat(32 * 1024); // 128 KiB, one `[\w-]` run without a dot

  it('reads a long hyphenated run of JWT starts once, and still finds a JWT after it', () => {
    expect(redactQuotedCredentials(`${run} then ${JWT}`)).toBe(`${run} then ${REDACTED}`);
    expect(trimRemoteText(`${run} ${JWT}`, run.length + 40)).toBe(`${run} ${REDACTED}`);
  });

  it('still finds a JWT after a blank, a quote, a colon, an equals sign or a dot', () => {
    for (const before of [' ', '"', ':', '=', '.']) {
      expect(redactQuotedCredentials(`x${before}${JWT}`)).toBe(`x${before}${REDACTED}`);
    }
  });
});
