import { getConfig, revocationAnswer } from '@dual-auth/core';
import {
  clientAssertion,
  introspectToken,
  JWT_BEARER,
  type LocalIdp,
  startLocalIdp,
} from '@dual-auth/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actOf, adapterFor, PLUGINS } from '../test/support/local-idp-scenario.js';

describe.each(PLUGINS.map((plugin) => [plugin.vendor, plugin] as const))(
  'token revocation as the %s adapter plugin declares it (local IdP, opaque tokens)',
  (vendor, plugin) => {
    let idp: LocalIdp;
    beforeAll(async () => {
      idp = await startLocalIdp({ vendor, accessTokenFormat: 'opaque' });
    }, 60_000);
    afterAll(() => idp?.close());

    it('revokes at the declared RFC 7009 endpoint, or says it cannot and when the token expires', async () => {
      const config = await getConfig({ env: idp.env(), plugins: PLUGINS });
      const token = await (await adapterFor(idp, 'finance-agent')).requestToken({
        agentId: 'finance-agent',
        act: actOf(idp, 'alice'),
        scope: ['finance.read'],
      });
      const answer = revocationAnswer(
        vendor,
        plugin.tokenRevocation as never,
        config as never,
        token.expiresAt,
      );
      if (!answer.supported) {
        expect(['auth0', 'entraid', 'oauth']).toContain(vendor);
        expect(answer.message).toMatch(
          new RegExp(
            `^${vendor} does not revoke access tokens \\(.+\\); the token expires at \\d{4}-\\d\\d-\\d\\dT`,
          ),
        );
        expect(answer.expiresAtMs).toBe(token.expiresAt);
        return;
      }
      expect(['keycloak', 'okta']).toContain(vendor);
      expect(answer.endpoint).toBe(idp.revocationUrl);
      expect(await introspectToken(idp, token.accessToken)).toMatchObject({ active: true });
      const agent = idp.agents.get('finance-agent');
      const revoked = await idp.fetch(answer.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          token: token.accessToken,
          token_type_hint: 'access_token',
          client_assertion_type: JWT_BEARER,
          client_assertion: await clientAssertion(agent as NonNullable<typeof agent>, {
            aud: idp.issuer,
          }),
        }).toString(),
      });
      expect(revoked.status).toBe(200);
      expect(await introspectToken(idp, token.accessToken)).toEqual({ active: false });
      expect(idp.tokens.find((entry) => entry.tokenId === token.accessToken)?.revoked).toBe(true);
    });
  },
);
