import { exportSPKI } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  accessToken,
  actAssertion,
  createSigningKey,
  type JwksServer,
  type SigningKey,
  startJwksServer,
} from '../test/support/token-kit.js';
import { scenarioGuardOptions } from '../test/support/vendor-scenario.js';
import { createDualAuthGuard } from './dual-auth-guard.js';

// Attack: Entra's legacy layout expects the agent application's own (app-only, client
// credentials) token beside the act assertion. A delegated USER token of the same application is
// accepted in its place: its `roles` are the signed-in user's app-role assignments, so an agent
// application never granted the FinanceAgent app permission passes the guide's agent rule
// whenever the person operating it holds a FinanceAgent user assignment, and then names any human
// in its own act assertion. Entra marks the kind of token (`idtyp: 'user'`, optional claim; a
// delegated token also carries `scp`), but the guard never looks.
let idpKey: SigningKey;
let appKey: SigningKey;
let jwks: JwksServer;

beforeAll(async () => {
  [idpKey, appKey] = await Promise.all([createSigningKey('idp'), createSigningKey('app')]);
  jwks = await startJwksServer([idpKey.publicJwk]);
});
afterAll(() => jwks.close());

describe('Entra legacy layout: the access token must be the agent application’s own', () => {
  it('refuses a delegated user token of the agent application', async () => {
    const appPem = await exportSPKI(appKey.publicKey);
    const guard = createDualAuthGuard(
      scenarioGuardOptions('entraid', { jwks, appPem, onDecision: () => undefined }),
    );
    // The user Mallory signed in to the agent application: her token, her app-role assignment.
    const userToken = await accessToken('entraid', idpKey, {
      sub: 'mallory-pairwise-sub',
      oid: '00000000-0000-0000-0000-0000000bad01',
      idtyp: 'user',
      scp: 'access_as_user',
      roles: ['FinanceAgent'],
    });
    const decision = await guard.check({
      authorization: `Bearer ${userToken}`,
      actAssertion: await actAssertion(appKey, {}),
      method: 'GET',
      route: '/accounts/42',
    });
    expect(decision.decision).toBe('DENY');
    expect(decision.status).toBe(401);
  });
});
