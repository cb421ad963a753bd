import { keycloakTokenProfile } from '@dual-auth/adapter-keycloak';
import { describe, expect, it } from 'vitest';
import {
  accessToken,
  createSigningKey,
  fixedClock,
  VENDOR_SETUP,
} from '../test/support/token-kit.js';
import { withDualAuth } from './fetch/index.js';
import { agentIn, humanIn } from './subject-checks.js';

// Found by newuser16 (Session 16): a Keycloak token that carries none of the claims marking a
// client's own service-account token (a lightweight access token, a token minted by hand in a
// test) was refused as if "client_id" showed a user's token, though it had no "client_id" at all:
// the message named a claim the reader could not find and no way to add it.

const setup = VENDOR_SETUP.keycloak;
const idpKey = await createSigningKey('idp-1');
const api = withDualAuth(() => new Response('ok'), {
  profile: keycloakTokenProfile,
  issuer: setup.issuer,
  audience: setup.audience,
  keys: idpKey.publicKey,
  clock: fixedClock,
  agentAllowed: agentIn([setup.agentId]),
  humanAllowed: humanIn(['user-123']),
});
const call = async (claims: Record<string, unknown>) => {
  const token = await accessToken('keycloak', idpKey, claims);
  const answer = await api(
    new Request('https://api.example/balance', { headers: { authorization: `Bearer ${token}` } }),
  );
  return { status: answer.status, body: (await answer.json()) as { error_description: string } };
};

describe('a legacy-layout token without the mark of a client-credentials token', () => {
  it('is refused saying which claim is missing and that the IdP must add it', async () => {
    const { status, body } = await call({ preferred_username: undefined });
    expect(status).toBe(401);
    expect(body.error_description).toMatch(/has no "client_id" claim/);
    expect(body.error_description).toMatch(/have the IdP put "client_id" in/);
    expect(body.error_description).not.toMatch(/shows a delegated user token/);
  });

  it('is still refused as a user token when the claim names someone else', async () => {
    const { status, body } = await call({ preferred_username: 'alice' });
    expect(status).toBe(401);
    expect(body.error_description).toMatch(/"preferred_username" shows a delegated user token/);
  });
});
