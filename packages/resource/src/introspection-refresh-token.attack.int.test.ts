import { type LocalIdp, startLocalIdp } from '@dual-auth/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idpGuardOptions, idpIntrospection } from '../test/support/idp-vendors.js';
import { actOf, adapterFor, checkHeaders, headersOf } from '../test/support/local-idp-scenario.js';
import { createDualAuthGuard } from './dual-auth-guard.js';

// Attack (wave 25): RFC 6749 §1.5, refresh tokens "are never sent to resource servers". An
// introspection endpoint answers for refresh tokens too (RFC 7662 §2.1: token_type_hint is only a
// hint), and several say so in the answer: `token_type` "refresh_token" (Duende IdentityServer),
// `token_use` "refresh_token" (Ory Hydra). With the API's `aud`, the guard admitted such a token
// as an access token: a confidential client's refresh token, unusable without the client's
// credentials at the token endpoint and living far longer than an access token, became a bearer
// credential for the API. The local IdP's answer is given those members as such an IdP writes them.

let idp: LocalIdp;
beforeAll(async () => {
  idp = await startLocalIdp({ vendor: 'okta', accessTokenFormat: 'opaque' });
}, 60_000);
afterAll(() => idp?.close());

/** The local IdP's introspection answer, with `members` added as another IdP writes them. */
function answeringWith(members: Record<string, unknown>): typeof fetch {
  return async (input, init) => {
    const response = await idp.fetch(input as string, init);
    if (String(input) !== idp.introspectionUrl) return response;
    const answer = (await response.json()) as Record<string, unknown>;
    return Response.json(answer.active === true ? { ...answer, ...members } : answer);
  };
}

async function decisionWith(members: Record<string, unknown>) {
  const guard = createDualAuthGuard({
    ...idpGuardOptions(idp),
    introspection: idpIntrospection(idp, answeringWith(members)),
    humanAllowed: () => true,
  });
  const token = await (await adapterFor(idp, 'finance-agent')).requestToken({
    agentId: 'finance-agent',
    act: actOf(idp, 'alice'),
    scope: ['finance.read'],
  });
  return checkHeaders(guard, headersOf(token));
}

describe('an introspection answer saying the token is a refresh token', () => {
  it.each([
    ['token_type', 'refresh_token'],
    ['token_type', 'Refresh_Token'],
    ['token_use', 'refresh_token'],
    // Review: the RFC 8693 §3 token type URI, and Keycloak's `typ` (a refresh or offline token).
    ['token_type', 'urn:ietf:params:oauth:token-type:refresh_token'],
    ['typ', 'Refresh'],
    ['typ', 'Offline'],
  ])('is refused 401 when %s is %s', async (member, value) => {
    const decision = await decisionWith({ [member]: value });
    expect(decision).toMatchObject({ decision: 'DENY', status: 401 });
    expect(decision.audit.reason).toBe('access_token.malformed');
    expect(decision.decision === 'DENY' && decision.body.error_description).toMatch(
      /refresh token/,
    );
  });

  it('an access token said so is admitted (held)', async () => {
    expect((await decisionWith({ token_type: 'Bearer', token_use: 'access_token' })).status).toBe(
      200,
    );
    expect((await decisionWith({ token_type: 'access_token' })).status).toBe(200);
    expect(
      (
        await decisionWith({
          typ: 'Bearer',
          token_type: 'urn:ietf:params:oauth:token-type:access_token',
        })
      ).status,
    ).toBe(200);
  });
});
