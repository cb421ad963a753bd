import { InMemoryDelegationCutoffStore } from '@dual-auth/core';
import { endDelegation } from '@dual-auth/session';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createSigningKey,
  ENTRA_HUMAN,
  fixedClock,
  NOW,
  NOW_S,
  PROFILE,
  type SigningKey,
  signJwt,
} from '../test/support/token-kit.js';
import { createDualAuthGuard } from './dual-auth-guard.js';
import { agentHasScope } from './subject-checks.js';

// Attack (a revocation that silently does nothing): `endDelegation` takes ONE id, and its own
// example passes `session.act.sub`. The same human's Entra ID credentials carry different `sub`s:
// the session (and the legacy act assertion) names her by UPN or her ID token's `sub`, while an
// Entra access token's `sub` is pairwise per resource application; only `oid` is common. So in the
// rfc8693 layout (Agent ID on-behalf-of) a cut-off recorded the documented way is kept under an id
// the token never carries, and the human's still-valid tokens keep working at the API after she
// logged out or was disabled. (The local Entra IdP reused the session's `sub` in delegated tokens,
// so the cut-off tests did not see it.) The fix: `endDelegation` takes the act and cuts off every
// id of the human (`cutoffIdsOf`: `sub` and `oid`), the ones the guard looks the token's up by.
let idpKey: SigningKey;
beforeAll(async () => {
  idpKey = await createSigningKey('idp');
});

const ISSUER = 'https://sts.windows.net/tenant-id/';
const AUDIENCE = 'api://finance';

describe('Entra rfc8693 layout: ending the session human’s delegations', () => {
  it('refuses her on-behalf-of token minted before endDelegation({ human: act })', async () => {
    const cutoffStore = new InMemoryDelegationCutoffStore({ clock: fixedClock });
    const guard = createDualAuthGuard({
      profile: PROFILE.entraid,
      layout: 'rfc8693',
      issuer: ISSUER,
      audience: AUDIENCE,
      keys: idpKey.publicKey,
      clock: fixedClock,
      cutoffStore,
      agentAllowed: agentHasScope('access_as_user'),
      humanAllowed: () => true,
    });
    // Minted a minute before the cut-off, dated 5 minutes earlier still as Entra dates `iat`: her
    // oid, the API-pairwise sub Entra writes.
    const token = await signJwt(
      {
        iss: ISSUER,
        aud: AUDIENCE,
        iat: NOW_S - 60 - 300,
        exp: NOW_S + 3000,
        sub: 'api-pairwise-sub-of-alice',
        oid: ENTRA_HUMAN.oid,
        idtyp: 'user',
        appid: 'agent-identity-app-id',
        azp: 'agent-identity-app-id',
        scp: 'access_as_user',
        xms_act_fct: '3 9 11',
      },
      idpKey,
    );
    const check = () =>
      guard.check({
        authorization: `Bearer ${token}`,
        actAssertion: undefined,
        method: 'GET',
        route: '/accounts/42',
      });
    expect((await check()).decision).toBe('ALLOW');

    // The session's act, as UserSession builds it: { sub: UPN, oid }.
    const sessionAct = { sub: ENTRA_HUMAN.sub, oid: ENTRA_HUMAN.oid };
    await endDelegation({ human: sessionAct, cutoffStore, clock: { now: () => NOW } });

    const after = await check();
    expect(after.decision).toBe('DENY');
    expect(after.audit.reason).toBe('access_token.revoked');
  });
});
