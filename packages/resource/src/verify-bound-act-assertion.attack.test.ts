import { createLocalJWKSet } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ACT_AUDIENCE,
  accessToken,
  createSigningKey,
  ENTRA_HUMAN,
  fixedClock,
  type JwksServer,
  NOW_S,
  PROFILE,
  type SigningKey,
  signJwt,
  startJwksServer,
  VENDOR_SETUP,
} from '../test/support/token-kit.js';
import { createDualAuthGuard } from './dual-auth-guard.js';
import { agentHasRole, humanIn } from './subject-checks.js';

// Attack: one Entra API serves two agent applications, so `appKeys` holds both apps' keys (the
// only way the option allows). The assertion's `iss`/`sub` must name the access token's app, but
// nothing ties the key that signed it to that app: app B, holding a leaked access token of app A
// (a bearer token, valid for an hour), signs with ITS OWN key an assertion that says "I am app A,
// acting for Alice" and gets app A's agent rights for any human it names.
const APP_A = VENDOR_SETUP.entraid.agentId;
const APP_B = '99999999-8888-7777-6666-555555555555';

let idpKey: SigningKey;
let appKeyA: SigningKey;
let appKeyB: SigningKey;
let jwks: JwksServer;

beforeAll(async () => {
  [idpKey, appKeyA, appKeyB] = await Promise.all([
    createSigningKey('idp'),
    createSigningKey(APP_A),
    createSigningKey(APP_B),
  ]);
  jwks = await startJwksServer([idpKey.publicJwk]);
});
afterAll(() => jwks.close());

function guard() {
  const { issuer, audience } = VENDOR_SETUP.entraid;
  return createDualAuthGuard({
    profile: PROFILE.entraid,
    issuer,
    audience,
    jwksUri: jwks.url,
    fetch: jwks.server.fetch,
    clock: fixedClock,
    agentAllowed: agentHasRole('FinanceAgent'),
    humanAllowed: humanIn([ENTRA_HUMAN.sub]),
    boundActAssertion: {
      actAudience: ACT_AUDIENCE,
      // Both agent applications' public keys, each under its app id as `kid`.
      appKeys: createLocalJWKSet({ keys: [appKeyA.publicJwk, appKeyB.publicJwk] }),
    },
  });
}

async function requestWith(assertionKey: SigningKey): Promise<Request> {
  const token = await accessToken('entraid', idpKey);
  const assertion = await signJwt(
    {
      iss: APP_A,
      sub: APP_A,
      aud: ACT_AUDIENCE,
      iat: NOW_S,
      exp: NOW_S + 300,
      jti: crypto.randomUUID(),
      act: ENTRA_HUMAN,
    },
    assertionKey,
  );
  return new Request('https://api.example.test/accounts/42', {
    headers: { authorization: `Bearer ${token}`, 'x-act-assertion': assertion },
  });
}

describe('bound act assertion with several agent applications', () => {
  it('accepts app A’s own assertion (control)', async () => {
    expect((await guard().checkRequest(await requestWith(appKeyA))).decision).toBe('ALLOW');
  });

  it('refuses an assertion for app A signed with app B’s key', async () => {
    const decision = await guard().checkRequest(await requestWith(appKeyB));
    expect(decision.decision).toBe('DENY');
    expect(decision.status).toBe(401);
  });
});
