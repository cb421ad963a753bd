import { describe, expect, it } from 'vitest';
import { LINEAR_BOUND_MS, mebibyteOf, millisecondsToRead } from '../../test/read-cost.js';
import { REDACTED, redactQuotedCredentials } from './redact.js';

const SESSION = 'CfDJ8abc123def456ghi789jkl012';

// Under-match (review of the cookie rule): Node's `headers.raw()`, undici's and Python's header
// dumps write the Set-Cookie fields of an answer as an array (RFC 6265 §3: one field per cookie,
// never folded into one), `"set-cookie":["sid=…; Path=/","csrf=…"]`, and every value was kept:
// the rule read a name and value after the colon, not a `[`. The whole array now goes.
describe('attack: cookie headers quoted as an array', () => {
  it.each([
    [
      'JSON',
      `{"set-cookie":["sid=${SESSION}; Path=/; HttpOnly", "csrf=${SESSION}; Path=/"],"x":1}`,
      `{"set-cookie":${REDACTED},"x":1}`,
    ],
    [
      'a Python dict',
      `{'Set-Cookie': ['sid=${SESSION}; Path=/', 'csrf=${SESSION}']}`,
      `{'Set-Cookie': ${REDACTED}}`,
    ],
    [
      'escaped JSON',
      `"{\\"set-cookie\\":[\\"sid=${SESSION}\\",\\"x=${SESSION}\\"]}"`,
      `"{\\"set-cookie\\":${REDACTED}}"`,
    ],
    [
      'a value holding a bracket',
      `{"cookie":["a=x]y; sid=${SESSION}"]} after`,
      `{"cookie":${REDACTED}} after`,
    ],
    [
      'not closed',
      `"set-cookie": ["sid=${SESSION}\nnext line`,
      `"set-cookie": ${REDACTED}\nnext line`,
    ],
  ])('%s', (_case, text, shown) => {
    expect(redactQuotedCredentials(text)).toBe(shown);
  });

  it('reads 1 MiB of hostile array text in linear time', () => {
    for (const text of [
      mebibyteOf('"set-cookie":["'),
      `"set-cookie":[${mebibyteOf('"')}`,
      `"set-cookie":[${mebibyteOf("'a")}`,
      mebibyteOf('cookie:['),
    ]) {
      expect(millisecondsToRead(redactQuotedCredentials, text)).toBeLessThan(LINEAR_BOUND_MS);
    }
  });
});
