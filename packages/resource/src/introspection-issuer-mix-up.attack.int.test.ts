import { type LocalIdp, startLocalIdp } from '@dual-auth/testing';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idpGuardOptions, idpIntrospection } from '../test/support/idp-vendors.js';
import { actOf, adapterFor, checkHeaders } from '../test/support/local-idp-scenario.js';
import { createDualAuthGuard } from './dual-auth-guard.js';

// Attack (wave 27): an API trusts two identity providers, A (opaque tokens, read through A's
// introspection endpoint) and B. Introspected claims were checked against the whole issuer list,
// so an answer of A's endpoint naming `iss: B` was admitted as B's token: whoever controls A (a
// partner's IdP, a lower-trust realm) could act as any of B's humans, as a mix-up. A key set per
// issuer (IssuerKeyMap) already keeps JWTs apart; an introspection endpoint now answers for the one
// issuer it is given. The local IdP cannot be made to lie, so A's answer is rewritten in the
// fetch A's endpoint is reached with: the only stand-in of this test.

let a: LocalIdp;
let b: LocalIdp;
beforeAll(async () => {
  [a, b] = await Promise.all([
    startLocalIdp({ vendor: 'keycloak', accessTokenFormat: 'opaque' }),
    startLocalIdp({ vendor: 'keycloak' }),
  ]);
}, 60_000);
afterAll(async () => {
  await Promise.all([a?.close(), b?.close()]);
});

/** A's endpoint as a compromised A answers: every token active, with the claims of B's `token`. */
async function answeringAsB(): Promise<typeof fetch> {
  const token = await (await adapterFor(b, 'finance-agent')).requestToken({
    agentId: 'finance-agent',
    act: actOf(b, 'alice'),
    scope: ['finance.read'],
  });
  const claims = decodeJwt(token.accessToken);
  return async (input, init) =>
    String(input) === a.introspectionUrl
      ? Response.json({ ...claims, active: true })
      : a.fetch(input as string, init);
}

function guardOptions(send: typeof fetch) {
  const { jwksUri: _oneKeySet, ...shared } = idpGuardOptions(a);
  return {
    ...shared,
    issuer: [a.issuer, b.issuer],
    audience: [a.audience, b.audience],
    humanAllowed: () => true,
    agentAllowed: () => true,
    introspection: idpIntrospection(a, send),
  };
}

describe('an introspection endpoint of one IdP, in a guard of several', () => {
  it('is refused at construction when it is not told whose issuer it answers for', async () => {
    const send = await answeringAsB();
    expect(() => createDualAuthGuard(guardOptions(send))).toThrow(/options\.introspection.*issuer/);
  });

  it("refuses its answer naming another IdP's issuer", async () => {
    const send = await answeringAsB();
    const guard = createDualAuthGuard({
      ...guardOptions(send),
      introspection: idpIntrospection(a, send, { issuer: a.issuer }),
    });
    const decision = await checkHeaders(guard, { authorization: 'Bearer opaque-from-a' });
    expect(decision).toMatchObject({
      decision: 'DENY',
      status: 401,
      audit: { reason: 'access_token.wrong_issuer' },
    });
  });

  it("still admits its own issuer's tokens", async () => {
    const guard = createDualAuthGuard({
      ...guardOptions(a.fetch),
      introspection: idpIntrospection(a, a.fetch, { issuer: a.issuer }),
    });
    const token = await (await adapterFor(a, 'finance-agent')).requestToken({
      agentId: 'finance-agent',
      act: actOf(a, 'alice'),
      scope: ['finance.read'],
    });
    const decision = await checkHeaders(guard, { authorization: `Bearer ${token.accessToken}` });
    expect(decision).toMatchObject({ decision: 'ALLOW' });
  });

  it('refuses an issuer the guard does not trust', () => {
    expect(() =>
      createDualAuthGuard({
        ...guardOptions(a.fetch),
        introspection: idpIntrospection(a, a.fetch, { issuer: 'https://elsewhere.example' }),
      }),
    ).toThrow(/not one of options\.issuer/);
  });
});
