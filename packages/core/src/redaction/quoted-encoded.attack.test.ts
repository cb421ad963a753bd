import { describe, expect, it } from 'vitest';
import { LINEAR_BOUND_MS, mebibyteOf, millisecondsToRead } from '../../test/read-cost.js';
import { REDACTED, redactQuotedCredentials } from './redact.js';

const TOKEN = 'Zm9vYmFyLWF0dGFjay10b2tlbi0wMTIz';
const JWT = 'eyJhbGciOiJSUzI1NiJ9%2EeyJzdWIiOiJhZ2VudCJ9%2Ec2lnbmF0dXJlLXBhcnQ';

// Under-match (review of the credential rules): a credential quoted URL-encoded (a header a
// server puts in a query parameter, a request a proxy logs as one) stayed whole: a rule's name had
// to start a word, and `%20Bearer` or `%0AAuthorization` does not (the escape's last hex digit is a
// letter or digit); `%3A` and `%3D` were not read as a colon and an equals sign; a JWT's dots had
// to be `.`, not `%2E`; and a token's `+`, `/` and `=` written `%2B`, `%2F`, `%3D` ended it, so
// the rest was kept.
describe('attack: a credential quoted URL-encoded', () => {
  it.each([
    [
      'a Bearer header',
      `/x?h=Authorization%3A%20Bearer%20${TOKEN}`,
      `/x?h=Authorization%3A%20${REDACTED}`,
    ],
    [
      'a header without a scheme',
      `/x?h=Accept%3A%20*%2F*%0D%0AAuthorization%3A%20${TOKEN}&next=1`,
      `/x?h=Accept%3A%20*%2F*%0D%0AAuthorization%3A%20${REDACTED}&next=1`,
    ],
    [
      'a token with encoded base64 characters',
      'h=Bearer%20abcdefghijklmnop%2Bqrstuvwxyz%2F0123%3D%3D&x=1',
      `h=${REDACTED}&x=1`,
    ],
    ['a JWT with encoded dots', `token ${JWT} rejected`, `token ${REDACTED} rejected`],
    ['a JWT with lower-case escapes', `t=${JWT.replaceAll('%2E', '%2e')}`, `t=${REDACTED}`],
    ['a JWT after an escape', `x=assertion%3D${JWT}&y=1`, `x=assertion%3D${REDACTED}&y=1`],
    ['a token parameter with an encoded =', `q=access_token%3D${TOKEN}%26x%3D1`, `q=${REDACTED}`],
    [
      'a key header with an encoded colon',
      `h=X-Api-Key%3A%20${TOKEN}`,
      `h=X-Api-Key%3A%20${REDACTED}`,
    ],
    [
      'a code in an encoded redirect URL',
      'redirect_uri=https%3A%2F%2Fapp.example%2Fcb%3Fcode%3DSplxlOBeZQQYbYS6WxSbIA',
      `redirect_uri=https%3A%2F%2Fapp.example%2Fcb%3Fcode%3D${REDACTED}`,
    ],
    [
      'a code after an encoded &',
      'next=%2Fcb%3Fstate%3Dx%26code%3DSplxlOBeZQQYbYS6WxSbIA',
      `next=%2Fcb%3Fstate%3Dx%26code%3D${REDACTED}`,
    ],
  ])('%s', (_case, text, shown) => {
    expect(redactQuotedCredentials(text)).toBe(shown);
  });

  it('keeps encoded prose', () => {
    for (const prose of [
      '/x?h=Authorization%3A%20insufficient_scope',
      'q=missing%20a%20Bearer%20or%20PoP%20token',
      'next=%2Fhome%2Feyes%2Eopen',
    ]) {
      expect(redactQuotedCredentials(prose)).toBe(prose);
    }
  });

  it('reads 1 MiB of hostile encoded text in linear time', () => {
    for (const text of [
      mebibyteOf('%20Bearer'),
      mebibyteOf('%41eyJaaaaaaaa'),
      mebibyteOf('eyJaaaaaaaaa%2E'),
      `Bearer%20${mebibyteOf('%2B')}`,
      mebibyteOf('%0AAuthorization%3A%20'),
    ]) {
      expect(millisecondsToRead(redactQuotedCredentials, text)).toBeLessThan(LINEAR_BOUND_MS);
    }
  });
});
