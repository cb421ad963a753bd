import { describe, expect, it } from 'vitest';
import {
  textsOfEchoedDescription,
  tokenEndpointHarness,
} from '../../test/token-endpoint-harness.js';
import { withoutPersonalText } from '../redaction/without-personal-text.js';

const { run } = tokenEndpointHarness();

// The human the request named, as `BaseAdapter` passes them (`peopleOf`): no email among them, so
// no login is derived from one.
const PEOPLE = ['u-7301', 'Alice Liddell', 'José Núñez', 'aliddell'];
const NAMED = /alice|liddell|jos|n\S*ez\b|%C3%A9|\\u00e9/i;

// Attack (wave27): an IdP echoes the username or `login_hint` it was sent in its error text as it
// read them from the form or the URL, percent-encoded or form-encoded (`+` for a space), or as JSON
// escapes them. The people were matched only as written: the echo reached TokenRequestError, its
// string forms and the token_request_error log line.
describe("attack: an IdP's error text that echoes the human encoded", () => {
  it.each([
    'no such user Alice+Liddell',
    'no such user Alice%20Liddell',
    'login_hint=Jos%C3%A9%20N%C3%BA%C3%B1ez unknown',
    'login_hint=jos%c3%a9+n%c3%ba%c3%b1ez unknown',
    String.raw`user "Jos\u00e9 N\u00fa\u00f1ez" is disabled`,
    String.raw`user "JOS\u00C9 N\u00DA\u00D1EZ" is disabled`,
  ])('%j reaches neither the error nor the logs', async (description) => {
    for (const text of await textsOfEchoedDescription(run, description, PEOPLE)) {
      expect(text).not.toMatch(NAMED);
    }
  });

  it('blanks an encoded name where it stands and keeps the other words', () => {
    expect(withoutPersonalText('no such user Alice+Liddell, try again', PEOPLE)).toBe(
      'no such user ***REDACTED***, try again',
    );
    expect(withoutPersonalText('user Jos%C3%A9%20N%C3%BA%C3%B1ez', PEOPLE)).toBe(
      'user ***REDACTED***',
    );
    expect(withoutPersonalText('scope a+b c%20d', PEOPLE)).toBe('scope a+b c%20d');
  });
});
