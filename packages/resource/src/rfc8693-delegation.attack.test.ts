import { beforeAll, describe, expect, it } from 'vitest';
import {
  createSigningKey,
  fixedClock,
  NOW_S,
  PROFILE,
  type SigningKey,
  signJwt,
} from '../test/support/token-kit.js';
import { createDualAuthGuard, type DualAuthGuard } from './dual-auth-guard.js';
import { agentHasRole, agentHasScope } from './subject-checks.js';

// Attack: in the rfc8693 layout the token is the HUMAN's token, exchanged for the agent (Entra
// Agent ID on-behalf-of, Keycloak standard token exchange). Its role claims are the human's:
// Entra puts the user's app-role assignments in `roles` of a delegated token, Keycloak the user's
// realm roles in `realm_access.roles`. The guard still reads them as the AGENT's roles, so the
// vendor guide's agent rule (`agentHasRole('FinanceAgent')`) is passed by an agent that was never
// granted the role, as long as the human holds it: the agent is not independently authorized.
// Auth0 likewise: a user token's `permissions` are the user's RBAC permissions, and the profile
// merges them into the agent's scopes. (The local IdPs issue delegated tokens without role
// claims, or with the agent's permissions, so no existing test sees this.)
let idpKey: SigningKey;

const checkToken = (guard: DualAuthGuard, token: string) =>
  guard.check({
    authorization: `Bearer ${token}`,
    actAssertion: undefined,
    method: 'GET',
    route: '/accounts/42',
  });
beforeAll(async () => {
  idpKey = await createSigningKey('idp');
});

const UNGRANTED_AGENT = '77777777-0000-0000-0000-00000000a9e7';
const cases = [
  {
    vendor: 'entraid' as const,
    issuer: 'https://sts.windows.net/tenant-id/',
    audience: 'api://finance',
    // A delegated Entra Agent ID token (learn.microsoft.com/entra/agent-id/agent-token-claims):
    // the user in sub/oid, her app-role assignment in `roles`, the agent's delegated scope in `scp`.
    claims: {
      sub: 'user-pairwise-sub',
      oid: '00000000-0000-0000-0000-0000000a11ce',
      idtyp: 'user',
      appid: UNGRANTED_AGENT,
      azp: UNGRANTED_AGENT,
      scp: 'access_as_user',
      roles: ['FinanceAgent'],
      xms_act_fct: '3 9 11',
      ver: '1.0',
    },
  },
  {
    vendor: 'keycloak' as const,
    issuer: 'https://kc.example.test/realms/agbac',
    audience: 'finance-api',
    // A Keycloak standard token exchange result: the user in `sub`, her realm roles.
    claims: {
      sub: 'f1e2d3c4-user-uuid',
      typ: 'Bearer',
      azp: 'ungranted-agent',
      act: { sub: 'ungranted-agent' },
      scope: 'openid',
      realm_access: { roles: ['FinanceAgent', 'default-roles-agbac'] },
    },
  },
];

describe.each(cases)('rfc8693 layout, $vendor: whose roles the agent check reads', (setup) => {
  it('does not authorize the agent by the human’s roles', async () => {
    const guard = createDualAuthGuard({
      profile: PROFILE[setup.vendor],
      layout: 'rfc8693',
      issuer: setup.issuer,
      audience: setup.audience,
      keys: idpKey.publicKey,
      clock: fixedClock,
      agentAllowed: agentHasRole('FinanceAgent'),
      humanAllowed: () => true,
    });
    const token = await signJwt(
      { iss: setup.issuer, aud: setup.audience, iat: NOW_S, exp: NOW_S + 3600, ...setup.claims },
      idpKey,
    );
    const decision = await checkToken(guard, token);
    expect(decision.subject?.agent.roles ?? []).not.toContain('FinanceAgent');
    expect(decision.decision).toBe('DENY');
  });
});

describe('rfc8693 layout, auth0: whose permissions the agent check reads', () => {
  it('does not authorize the agent by the human’s RBAC permissions', async () => {
    const issuer = 'https://tenant.auth0.example.test/';
    const audience = 'https://api.example.com/finance';
    const guard = createDualAuthGuard({
      profile: PROFILE.auth0,
      layout: 'rfc8693',
      issuer,
      audience,
      keys: idpKey.publicKey,
      clock: fixedClock,
      agentAllowed: agentHasScope('read:finance-data'),
      humanAllowed: () => true,
    });
    // Custom Token Exchange result: a user token, so `permissions` are Alice's; the agent client
    // was granted no API scope.
    const token = await signJwt(
      {
        iss: issuer,
        aud: audience,
        iat: NOW_S,
        exp: NOW_S + 3600,
        sub: 'auth0|alice',
        azp: 'UngrantedAgent',
        scope: 'openid',
        permissions: ['read:finance-data'],
        act: { sub: 'UngrantedAgent' },
      },
      idpKey,
    );
    const decision = await checkToken(guard, token);
    expect(decision.decision).toBe('DENY');
  });
});
