import { describe, expect, it } from 'vitest';
import { LINEAR_BOUND_MS, mebibyteOf, millisecondsToRead } from '../../test/read-cost.js';
import { REDACTED, redactQuotedCredentials } from './redact.js';

const TOKEN = 'Zm9vYmFyLWF0dGFjay10b2tlbi0wMTIz';
const JWT = 'eyJhbGciOiJSUzI1NiJ9%2EeyJzdWIiOiJhZ2VudCJ9%2Ec2lnbmF0dXJlLXBhcnQ';
const SESSION = 'CfDJ8abc123def456ghi789jkl012';

// Each URL-encoded credential of quoted-encoded.attack.test.ts and the text it shows.
const ONCE: [string, string][] = [
  [`/x?h=Authorization%3A%20Bearer%20${TOKEN}`, `/x?h=Authorization%3A%20${REDACTED}`],
  [
    `/x?h=Accept%3A%20*%0D%0AAuthorization%3A%20${TOKEN}&n=1`,
    `/x?h=Accept%3A%20*%0D%0AAuthorization%3A%20${REDACTED}&n=1`,
  ],
  ['h=Bearer%20abcdefghijklmnop%2Bqrstuvwxyz%2F0123%3D%3D&x=1', `h=${REDACTED}&x=1`],
  [`token ${JWT} rejected`, `token ${REDACTED} rejected`],
  [`x=assertion%3D${JWT}&y=1`, `x=assertion%3D${REDACTED}&y=1`],
  [`q=access_token%3D${TOKEN}%26x%3D1`, `q=${REDACTED}`],
  [`q=token%3D${TOKEN}`, `q=${REDACTED}`],
  [`h=X-Api-Key%3A%20${TOKEN}`, `h=X-Api-Key%3A%20${REDACTED}`],
  [
    'next=%2Fcb%3Fstate%3Dx%26code%3DSplxlOBeZQQYbYS6WxSbIA',
    `next=%2Fcb%3Fstate%3Dx%26code%3D${REDACTED}`,
  ],
  [`h=Cookie%3A%20sid%3D${SESSION}`, `h=Cookie%3A%20${REDACTED}`],
  [
    'X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20261205%2Fus-east-1',
    `X-Amz-Credential=${REDACTED}%2F20261205%2Fus-east-1`,
  ],
];
// `%` written `%25` once or twice more, as a URL put in a query parameter of another URL is.
const encodedAgain = (text: string, times: number) =>
  text.replaceAll('%', `%${'25'.repeat(times)}`);

// Under-match (review of the URL-encoded rules): a credential URL-encoded twice, as a redirect or
// a logged URL inside another URL's query is (`Authorization%253A%2520Bearer%2520…`,
// `token%253D…`), was kept whole: the rules read `%3A`, `%3D`, `%20`, `%2B`, `%2F`, `%2E` but not
// their `%25`-escaped forms.
describe('attack: a credential quoted URL-encoded twice or more', () => {
  it('blanks what it blanks when encoded once', () => {
    for (const times of [0, 1, 2]) {
      for (const [text, shown] of ONCE) {
        expect(redactQuotedCredentials(encodedAgain(text, times))).toBe(encodedAgain(shown, times));
      }
    }
  });

  it('keeps encoded prose', () => {
    for (const prose of [
      '/x?h=Authorization%253A%2520insufficient_scope',
      'q=missing%2520a%2520Bearer%2520or%2520PoP%2520token',
      'next=%252Fhome%252Feyes%252Eopen',
      'Set-Cookie%253A%2520Path%253D%252F is not allowed',
    ]) {
      expect(redactQuotedCredentials(prose)).toBe(prose);
    }
  });

  it('reads 1 MiB of hostile twice-encoded text in linear time', () => {
    for (const text of [
      mebibyteOf('%2520Bearer'),
      `Bearer%20${mebibyteOf('%25')}`,
      mebibyteOf('%25'),
      `x${mebibyteOf('25')}20Bearer`,
      mebibyteOf('eyJaaaaaaaaa%252E'),
      `Bearer%2520${mebibyteOf('%252B')}`,
      mebibyteOf('%250AAuthorization%253A%2520'),
      mebibyteOf('token%2525253D'),
    ]) {
      expect(millisecondsToRead(redactQuotedCredentials, text)).toBeLessThan(LINEAR_BOUND_MS);
    }
  });
});
