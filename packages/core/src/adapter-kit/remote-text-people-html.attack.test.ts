import { describe, expect, it } from 'vitest';
import {
  textsOfEchoedDescription,
  tokenEndpointHarness,
} from '../../test/token-endpoint-harness.js';
import { withoutPersonalText } from '../redaction/without-personal-text.js';

const { run } = tokenEndpointHarness();

const PEOPLE = ['u-7301', 'José Núñez', 'Zoë Ångström'];
const NAMED = /jos|n\S*ez\b|zo|ngstr|&#|&\w+;/i;

// Attack (wave27 review): an IdP's HTML error page (or a WAF in front of it) quotes the username it
// was sent with HTML character references (`Jos&eacute;`, `Jos&#233;`, `Jos&#xe9;`), or a directory
// gives the name without its accents (`Jose Nunez`, as ASCII-only systems store it). The people were
// found as written, percent-encoded and JSON-escaped only: these reached TokenRequestError and the
// token_request_error log line.
describe("attack: an IdP's error text that echoes the human HTML-escaped or without accents", () => {
  it.each([
    'no such user Jos&eacute; N&uacute;&ntilde;ez',
    'no such user JOS&Eacute; N&Uacute;&Ntilde;EZ',
    'no such user Jos&#233; N&#250;&#241;ez',
    'no such user Jos&#xe9; N&#xfa;&#xf1;ez',
    'no such user Zo&euml; &Aring;ngstr&ouml;m',
    'no such user Jose Nunez',
    'no such user Zoe Angstrom',
  ])('%j reaches neither the error nor the logs', async (description) => {
    for (const text of await textsOfEchoedDescription(run, description, PEOPLE)) {
      expect(text).not.toMatch(NAMED);
    }
  });

  it('blanks the escaped name where it stands and keeps other entities and words', () => {
    expect(withoutPersonalText('user Jos&eacute; N&uacute;&ntilde;ez &amp; more', PEOPLE)).toBe(
      'user ***REDACTED*** &amp; more',
    );
    // A given name alone is blanked too (session 29), an entity beside it is kept.
    expect(withoutPersonalText('caf&eacute; Jose', PEOPLE)).toBe('caf&eacute; ***REDACTED***');
    expect(withoutPersonalText('caf&eacute; jose', PEOPLE)).toBe('caf&eacute; jose');
  });
});
