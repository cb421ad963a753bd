import { beforeAll, describe, expect, it } from 'vitest';
import {
  createSigningKey,
  fixedClock,
  NOW_S,
  PROFILE,
  type SigningKey,
  signJwt,
} from '../test/support/token-kit.js';
import { createDualAuthGuard } from './dual-auth-guard.js';
import { agentHasRole } from './subject-checks.js';

// Attack (breaker14): the legacy layout tells its own tokens (the agent's client-credentials
// token, `act` = the human) from an RFC 8693 token (the human's token, `act` = the actor) only by
// `act.sub === client id`. RFC 8693 §4.1 lets `act.sub` be any subject identifier of the actor,
// and with an `actor_token` the natural one is that token's `sub`: for Keycloak, the agent's
// service-account USER id, not its client id. Such a token (sub = Alice, azp = the agent, act =
// the agent's service account, Alice's realm roles) reaches a legacy-layout API as a legacy
// token with the two subjects swapped: the agent check reads ALICE's realm roles
// (`agentHasRole('FinanceAgent')` passes for an agent never granted it), and the human check
// judges the agent's service account. Only Entra's profile has a `userTokenClaim`; Keycloak's
// service-account tokens are marked (`client_id` claim, `preferred_username`
// `service-account-<client id>`), a user token is not, and nothing here checks it.
let idpKey: SigningKey;
beforeAll(async () => {
  idpKey = await createSigningKey('idp');
});

describe('legacy layout, keycloak: a user token of the agent’s client with an act naming the agent', () => {
  it('is refused: its roles are the user’s, not the agent’s', async () => {
    const issuer = 'https://kc.example.test/realms/agbac';
    const audience = 'finance-api';
    const guard = createDualAuthGuard({
      profile: PROFILE.keycloak,
      layout: 'legacy',
      issuer,
      audience,
      keys: idpKey.publicKey,
      clock: fixedClock,
      agentAllowed: agentHasRole('FinanceAgent'),
      humanAllowed: () => true,
    });
    // A Keycloak token exchange with actor_token = the agent's service-account token.
    const token = await signJwt(
      {
        iss: issuer,
        aud: audience,
        iat: NOW_S,
        exp: NOW_S + 3600,
        typ: 'Bearer',
        sub: 'f1e2d3c4-alice-user-uuid',
        preferred_username: 'alice',
        azp: 'ungranted-agent',
        scope: 'openid',
        realm_access: { roles: ['FinanceAgent', 'default-roles-agbac'] },
        act: { sub: '5f3c8a52-service-account-of-ungranted-agent' },
      },
      idpKey,
    );
    const decision = await guard.check({
      authorization: `Bearer ${token}`,
      actAssertion: undefined,
      method: 'GET',
      route: '/accounts/42',
    });
    expect(decision.decision).toBe('DENY');
  });
});
