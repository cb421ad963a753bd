import { decodeJwt } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import {
  agentOf,
  clientAssertion,
  JWT_BEARER,
  type LocalIdp,
  postToken,
  startLocalIdp,
  TEST_ACT,
  verifyAccessToken,
  WRONG_AUDIENCE,
} from '../index.js';

let idp: LocalIdp | undefined;
afterEach(() => idp?.close());

const issue = async (local: LocalIdp) =>
  postToken(local, {
    grant_type: 'client_credentials',
    scope: 'finance.read',
    client_assertion_type: JWT_BEARER,
    client_assertion: await clientAssertion(agentOf(local), { aud: local.issuer, act: TEST_ACT }),
  });

// Keycloak's profile: a legacy layout with `act` copied and the agent's realm role in the token.
describe('startLocalIdp misconfigure', () => {
  it('issues the correct token without switches', async () => {
    idp = await startLocalIdp({ vendor: 'keycloak' });
    const { payload } = await verifyAccessToken(idp, (await issue(idp)).json?.access_token);
    expect(payload).toMatchObject({
      act: TEST_ACT,
      aud: idp.audience,
      realm_access: { roles: ['FinanceAgent', 'default-roles-agbac'] },
    });
  });

  it('actNotCopied, wrongAudience and missingRole change the token as such a tenant would', async () => {
    idp = await startLocalIdp({
      vendor: 'keycloak',
      misconfigure: { actNotCopied: true, wrongAudience: true, missingRole: true },
    });
    // Decoded, not verified: the verifier of the tests refuses the wrong audience itself.
    const payload = decodeJwt(String((await issue(idp)).json?.access_token));
    expect(payload.act).toBeUndefined();
    expect(payload.aud).toBe(WRONG_AUDIENCE);
    expect(payload.realm_access).toEqual({ roles: ['default-roles-agbac'] });
  });

  it('wrongAssertionAudience refuses the client with invalid_client', async () => {
    idp = await startLocalIdp({
      vendor: 'keycloak',
      misconfigure: { wrongAssertionAudience: true },
    });
    const res = await issue(idp);
    expect(res.status).toBe(401);
    expect(res.json?.error).toBe('invalid_client');
    expect(idp.requests.at(-1)?.errorDetail).toMatch(/aud/);
  });

  it('refuses an unknown switch or a value that is not a boolean', async () => {
    await expect(
      startLocalIdp({ vendor: 'keycloak', misconfigure: { noAct: true } as never }),
    ).rejects.toThrow('startLocalIdp: unknown misconfiguration noAct');
    await expect(
      startLocalIdp({ vendor: 'keycloak', misconfigure: { missingRole: 'yes' } as never }),
    ).rejects.toThrow('startLocalIdp: misconfigure.missingRole must be a boolean');
  });
});
