import { InMemoryReplayStore } from '@dual-auth/core';
import { describe, expect, it } from 'vitest';
import { craftJws } from '../../../core/test/jws-kit.js';
import { actJwtAppPerFile } from '../../test/act-jwt-app.js';
import { actJwtClaims, ACT_NOW_S as NOW } from '../../test/act-jwt-claims.js';

const app = actJwtAppPerFile();

const typed = (typ: string, jti: string) =>
  craftJws({ alg: 'RS256', typ }, actJwtClaims({ jti }), app.privateKey);

// Attack (RFC 8725 §3.11, explicit typing): a JWT of another kind signed with the app's key and
// naming the agent (a DPoP proof, an ID-JAG, a logout token, a security event token) passed as an
// act JWT: the verifier read no `typ`, while the API guard refuses these kinds as access tokens.
describe('attack: a JWT typed as another kind of token, given as an act JWT', () => {
  it.each([
    ['dpop+jwt', 'a DPoP proof (typ dpop+jwt)'],
    ['application/oauth-id-jag+jwt', 'an ID-JAG (typ oauth-id-jag+jwt)'],
    ['logout+jwt', 'a logout token (typ logout+jwt)'],
    ['SECEVENT+JWT', 'a security event token (typ secevent+jwt)'],
  ])('refuses typ %s as malformed, naming the kind, and spends no jti', async (typ, kind) => {
    const store = new InMemoryReplayStore();
    const error = await app
      .verifier(store)
      .verify(await typed(typ, 'typed-1'))
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      reason: 'malformed',
      claim: 'typ',
      message: `Act JWT is ${kind}, not an act JWT: send the act JWT that HybridSender signed`,
    });
    // The jti is still free: the refusal came before the claim.
    await expect(store.claim('act-jwt:application:typed-1', (NOW + 60) * 1000)).resolves.toBe(true);
  });

  it.each(['JWT', 'act+jwt', 'at+jwt'])(
    "still accepts typ %s (the Python header, HybridSender's act+jwt, any other kind)",
    async (typ) => {
      await expect(app.verifier().verify(await typed(typ, `ok-${typ}`))).resolves.toMatchObject({
        act: { sub: 'u-1' },
      });
    },
  );
});
