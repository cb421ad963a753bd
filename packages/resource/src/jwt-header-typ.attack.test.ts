import { describe, expect, it } from 'vitest';
import { accessToken, createSigningKey, vendorVerifyOptions } from '../test/support/token-kit.js';
import { verifyDualSubjectToken } from './verify-dual-subject-token.js';

// Attack (session 37): a JWT whose header `typ` says it is another kind of token — an ID-JAG
// (`oauth-id-jag+jwt`), a DPoP proof (`dpop+jwt`, RFC 9449), a logout token (`logout+jwt`, OIDC
// Back-Channel Logout), a security event token (`secevent+jwt`, RFC 8417) — was admitted as an
// access token when the IdP signed it with its access tokens' key and its claims carried the
// API's `aud`: the header was never read. RFC 8725 §3.11 explicit typing exists to tell them apart.

const idpKey = await createSigningKey('idp');
const options = vendorVerifyOptions('keycloak', idpKey.publicKey);

const outcome = (typ: string | undefined) =>
  accessToken('keycloak', idpKey, {}, { typ })
    .then((token) => verifyDualSubjectToken(token, options))
    .then(
      () => 'admitted',
      (error: { reason?: string; claim?: string; message?: string }) => error,
    );

describe('a signed JWT whose header typ says it is no access token', () => {
  it.each([
    ['oauth-id-jag+jwt', /ID-JAG/],
    ['application/oauth-id-jag+jwt', /ID-JAG/],
    ['dpop+jwt', /DPoP proof/],
    ['logout+jwt', /logout token/],
    ['Secevent+JWT', /security event token/],
    ['act+jwt', /act assertion/],
  ])('typ %s is refused malformed, naming the token type', async (typ, says) => {
    const error = await outcome(typ);
    expect(error).toMatchObject({ reason: 'malformed', claim: 'typ' });
    const { message } = error as { message: string };
    expect(message).toMatch(says);
    expect(message).toMatch(/where an access token was expected/);
  });

  it('access token typs are admitted: at+jwt, application/at+jwt, JWT, none (RFC 9068 §2.1), a vendor own', async () => {
    // Okta's org authorization server types its access tokens so (Okta support: "The typ Field is
    // Missing from the Access Token Header"): a kind of its own, not one that is never an access token.
    const vendorOwn = 'application/okta-internal-at+jwt';
    for (const typ of [
      'at+jwt',
      'application/at+jwt',
      'AT+JWT',
      'JWT',
      'jwt',
      undefined,
      vendorOwn,
    ]) {
      expect(await outcome(typ), String(typ)).toBe('admitted');
    }
  });
});
