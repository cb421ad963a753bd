import { describe, expect, it } from 'vitest';
import { accessToken, createSigningKey, vendorVerifyOptions } from '../test/support/token-kit.js';
import { createDualAuthGuard } from './dual-auth-guard.js';
import { verifyDualSubjectToken } from './verify-dual-subject-token.js';

// Attack (wave 29): a JWT that says in its claims that it is not an access token — Keycloak's
// `typ` "Refresh", "Offline" (an offline token) or "ID" (an ID token), `token_use`
// "refresh_token", `token_type` the RFC 8693 refresh or ID token URI — was admitted as one when
// it was signed with the IdP's key and carried the API's `aud` (a Keycloak audience mapper with
// "Add to ID token" on). Wave 25 refused such tokens read through introspection only: the same
// credential was refused opaque and admitted as a JWT. An ID token is never DPoP-bound, so one
// admitted in place of its DPoP-bound access token is a bearer credential for the API.

const idpKey = await createSigningKey('idp');
const options = vendorVerifyOptions('keycloak', idpKey.publicKey);

const refusal = (claims: Record<string, unknown>) =>
  accessToken('keycloak', idpKey, claims)
    .then((token) => verifyDualSubjectToken(token, options))
    .then(
      () => 'admitted',
      (error: { reason?: string; claim?: string; message?: string }) => error,
    );

describe('a signed JWT whose claims say it is no access token', () => {
  it.each([
    [{ typ: 'Refresh' }, 'typ', /refresh token/],
    [{ typ: 'Offline' }, 'typ', /refresh token/],
    [{ typ: 'ID' }, 'typ', /ID token/],
    [{ token_use: 'refresh_token' }, 'token_use', /refresh token/],
    [
      { token_type: 'urn:ietf:params:oauth:token-type:refresh_token' },
      'token_type',
      /refresh token/,
    ],
    [{ token_type: 'urn:ietf:params:oauth:token-type:id_token' }, 'token_type', /ID token/],
    [{ token_use: 'id' }, 'token_use', /ID token/],
    // PingAM (ForgeRock AM) stateless tokens: a refresh token JWT signed with the access tokens'
    // key, `aud` the client as theirs; PingGateway checks this claim for the same reason.
    [{ tokenName: 'refresh_token' }, 'tokenName', /refresh token/],
    [{ tokenName: 'id_token' }, 'tokenName', /ID token/],
  ])('%o is refused malformed, naming the claim', async (claims, claim, says) => {
    const error = await refusal(claims);
    expect(error).toMatchObject({ reason: 'malformed', claim });
    expect((error as { message: string }).message).toMatch(says);
    expect((error as { message: string }).message).toMatch(/send an access token/);
  });

  // Session 37: the same for a header `typ` naming another kind of JWT (jwt-header-typ.attack.test.ts).
  it.each([
    ['claim typ ID', () => accessToken('keycloak', idpKey, { typ: 'ID' })],
    [
      'header typ oauth-id-jag+jwt',
      () => accessToken('keycloak', idpKey, {}, { typ: 'oauth-id-jag+jwt' }),
    ],
  ])('%s is answered 401 by the guard, audited access_token.malformed', async (_, mint) => {
    const guard = createDualAuthGuard({
      ...options,
      agentAllowed: () => true,
      humanAllowed: () => true,
    });
    const token = await mint();
    const decision = await guard.check({
      authorization: `Bearer ${token}`,
      actAssertion: undefined,
      method: 'GET',
      route: '/accounts',
    });
    expect(decision).toMatchObject({ decision: 'DENY', status: 401 });
    expect(decision.audit.reason).toBe('access_token.malformed');
  });

  it('access tokens that say so are admitted (held): Keycloak Bearer and DPoP, access_token types', async () => {
    for (const claims of [
      { typ: 'Bearer' },
      { typ: 'DPoP' },
      { token_use: 'access' },
      { tokenName: 'access_token' },
      { token_type: 'urn:ietf:params:oauth:token-type:access_token' },
    ]) {
      expect(await refusal(claims), JSON.stringify(claims)).toBe('admitted');
    }
  });
});
