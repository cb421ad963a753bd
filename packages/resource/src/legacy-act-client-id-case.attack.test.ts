import { keycloakTokenProfile } from '@dual-auth/adapter-keycloak';
import { oauthTokenProfile } from '@dual-auth/adapter-oauth';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createSigningKey,
  fixedClock,
  NOW_S,
  type SigningKey,
  signJwt,
} from '../test/support/token-kit.js';
import { verifyDualSubjectToken } from './verify-dual-subject-token.js';

// Attack (wave 25): in the legacy act-claim layout the agent writes `act` itself. An `act.sub`
// naming the token's own `sub` was refused in any case (7918aba2), but one naming the agent's
// client id was compared exactly: the agent named itself as the human it acts for by writing its
// client id in another case, and was admitted with one identity in both roles.
const ISSUER = 'https://sso.example.com/realms/finance';
const AGENT = 'Finance-Agent';
const AGENT_SUB = '5b0c2e8e-2f6a-4c7e-9d1a-7a1f0e3b9c41';

let key: SigningKey;
beforeAll(async () => {
  key = await createSigningKey('kc-1');
});

async function verify(
  claims: Record<string, unknown>,
  profile: typeof keycloakTokenProfile = keycloakTokenProfile,
) {
  const token = await signJwt(
    { iss: ISSUER, aud: 'finance-api', iat: NOW_S, exp: NOW_S + 300, ...claims },
    key,
  );
  return verifyDualSubjectToken(token, {
    profile,
    issuer: ISSUER,
    audience: 'finance-api',
    keys: key.publicKey,
    clock: fixedClock,
  });
}

const refusal = (pending: Promise<unknown>) =>
  pending.then(
    () => undefined,
    (e: unknown) => e as { reason?: string; claim?: string; message: string },
  );

const keycloak = { azp: AGENT, client_id: AGENT, sub: AGENT_SUB };

describe("legacy act-claim layout: an act naming the agent's client id in another case", () => {
  it.each([
    ['lower case', AGENT.toLowerCase()],
    ['upper case', AGENT.toUpperCase()],
  ])('is refused as the agent posing as its own human (%s)', async (_case, sub) => {
    const error = await refusal(verify({ ...keycloak, act: { sub } }));
    expect(error).toMatchObject({ reason: 'invalid_act', claim: 'act.sub' });
    expect(error?.message).toMatch(/own client/);
  });

  it('is refused for a client-credentials token without sub (RFC 9068 client_id only)', async () => {
    const error = await refusal(
      verify({ client_id: AGENT, act: { sub: AGENT.toLowerCase() } }, oauthTokenProfile),
    );
    expect(error).toMatchObject({ reason: 'invalid_act', claim: 'act.sub' });
  });

  it('the client id itself stays an RFC 8693 token (layout_mismatch), another human passes', async () => {
    expect(await refusal(verify({ ...keycloak, act: { sub: AGENT } }))).toMatchObject({
      reason: 'layout_mismatch',
    });
    expect((await verify({ ...keycloak, act: { sub: 'u-alice' } })).human.sub).toBe('u-alice');
  });
});
