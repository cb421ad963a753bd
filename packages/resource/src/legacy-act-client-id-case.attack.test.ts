import { keycloakTokenProfile } from '@dual-auth/adapter-keycloak';
import { oauthTokenProfile } from '@dual-auth/adapter-oauth';
import { describe, expect, it } from 'vitest';
import { ownIssuerPerFile } from '../test/support/own-issuer.js';
import { refusal } from '../test/support/refusal.js';

// Attack (wave 25): in the legacy act-claim layout the agent writes `act` itself. An `act.sub`
// naming the token's own `sub` was refused in any case (7918aba2), but one naming the agent's
// client id was compared exactly: the agent named itself as the human it acts for by writing its
// client id in another case, and was admitted with one identity in both roles.
const AGENT = 'Finance-Agent';
const AGENT_SUB = '5b0c2e8e-2f6a-4c7e-9d1a-7a1f0e3b9c41';

const { verify } = ownIssuerPerFile({
  kid: 'kc-1',
  issuer: 'https://sso.example.com/realms/finance',
  audience: 'finance-api',
  options: { profile: keycloakTokenProfile },
});

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
      verify(
        { client_id: AGENT, act: { sub: AGENT.toLowerCase() } },
        { profile: oauthTokenProfile },
      ),
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
