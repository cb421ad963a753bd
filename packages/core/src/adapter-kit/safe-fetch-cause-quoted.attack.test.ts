import { describe, expect, it } from 'vitest';
import { safeFetchCause } from './safe-fetch-cause.js';

// Attack (session 24 review): a secret's value in quotes, in JSON, or in a cookie kept its text:
// only unquoted `name=value` and long mixed words were blanked.
const cases: [string, string][] = [
  ['fetch failed: password="hunter2pass"', 'hunter2pass'],
  ["fetch failed: client_secret: 'Sup3rS3cret'", 'Sup3rS3cret'],
  ['fetch failed: body {"access_token":"abc123short"}', 'abc123short'],
  ['fetch failed: body {"refresh_token": "r-9 short"}', 'r-9 short'],
  ['fetch failed: Authorization: Bearer "abc.def"', 'abc.def'],
  ['fetch failed: Cookie: session=abcdefABCDEF123', 'abcdefABCDEF123'],
  ['fetch failed: Set-Cookie: sid=xyz987', 'xyz987'],
];

describe('attack: a quoted, JSON or cookie secret in a fetch failure message', () => {
  it.each(cases)('%s', (message, secret) => {
    const copy = safeFetchCause(new TypeError(message)) as Error;
    expect(copy.message).not.toContain(secret);
    expect(copy.message).toContain('fetch failed');
  });

  it('keeps a message with no secret in it as it was', () => {
    const message = 'fetch failed: connect ECONNREFUSED 127.0.0.1:8443 (invalid token audience)';
    expect((safeFetchCause(new TypeError(message)) as Error).message).toBe(message);
  });
});
