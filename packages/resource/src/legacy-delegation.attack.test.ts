import type { TokenProfile } from '@dual-auth/core/jwt';
import { loadTokenProfile } from '@dual-auth/testing';
import { exportSPKI } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { idpJwksPerSuite } from '../test/support/idp-jwks-per-suite.js';
import {
  accessToken,
  actAssertion,
  createSigningKey,
  fixedClock,
  type JwksServer,
  NOW_S,
  PROFILE,
  type SigningKey,
  signJwt,
  VENDOR_SETUP,
} from '../test/support/token-kit.js';
import { scenarioGuardOptions } from '../test/support/vendor-scenario.js';
import type { SubjectCheck } from './authorize.js';
import { createDualAuthGuard } from './dual-auth-guard.js';
import { agentHasRole, agentHasScope } from './subject-checks.js';

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

idpJwksPerSuite((started) => ({ idpKey, jwks } = started));
beforeAll(async () => {
  appKey = await createSigningKey('app');
});

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

// Attack (breaker14): the legacy layout told its own tokens (the agent's client-credentials
// token, `act` = the human) from an RFC 8693 token (the human's token, `act` = the actor) only by
// `act.sub === client id`. RFC 8693 §4.1 lets `act.sub` be any subject identifier of the actor,
// and with an `actor_token` the natural one is that token's `sub`: for Keycloak, the agent's
// service-account USER id, not its client id. Such a token (sub = Alice, azp = the agent, act =
// the agent's service account, Alice's realm roles) reached a legacy-layout API with the two
// subjects swapped: the agent check read ALICE's grants and the human check judged the agent's
// service account. Each profile now says what marks the client's own token.
const ISSUER = 'https://idp.example.test/';
const AUDIENCE = 'finance-api';
const AGENT = 'ungranted-agent';
const ALICE = 'f1e2d3c4-alice-user-uuid';
const AGENT_ACCOUNT = '5f3c8a52-service-account-of-ungranted-agent';

interface Case {
  profile: () => Promise<TokenProfile>;
  agentAllowed: SubjectCheck;
  userToken: Record<string, unknown>;
  ownTokens: Record<string, Record<string, unknown>>;
}

const CASES: Record<string, Case> = {
  keycloak: {
    profile: async () => PROFILE.keycloak,
    agentAllowed: agentHasRole('FinanceAgent'),
    // A standard token exchange with actor_token = the agent's service-account token.
    userToken: {
      sub: ALICE,
      typ: 'Bearer',
      preferred_username: 'alice',
      azp: AGENT,
      scope: 'openid',
      realm_access: { roles: ['FinanceAgent'] },
    },
    ownTokens: Object.fromEntries(
      Object.entries({
        'client_id (Keycloak 25+)': { client_id: AGENT },
        'clientId (earlier Keycloak)': { clientId: AGENT },
        'preferred_username only': { preferred_username: `service-account-${AGENT}` },
        // Keycloak keeps usernames in lower case (https://github.com/keycloak/keycloak/issues/41243):
        // client `UngrantedAgent`'s user is `service-account-ungrantedagent`.
        'client id with capitals': {
          azp: 'UngrantedAgent',
          client_id: 'UngrantedAgent',
          clientId: 'UngrantedAgent',
          preferred_username: 'service-account-ungrantedagent',
        },
        'all three': {
          client_id: AGENT,
          clientId: AGENT,
          preferred_username: `service-account-${AGENT}`,
        },
      }).map(([name, marks]) => [
        name,
        { sub: AGENT_ACCOUNT, azp: AGENT, realm_access: { roles: ['FinanceAgent'] }, ...marks },
      ]),
    ),
  },
  okta: {
    profile: async () => PROFILE.okta,
    agentAllowed: agentHasScope('finance.read'),
    userToken: { sub: 'alice@example.com', uid: '00uAlice', cid: AGENT, scp: ['finance.read'] },
    ownTokens: { 'sub = cid': { sub: AGENT, cid: AGENT, scp: ['finance.read'] } },
  },
  auth0: {
    profile: async () => PROFILE.auth0,
    agentAllowed: agentHasScope('read:finance-data'),
    userToken: { sub: 'auth0|alice', azp: AGENT, permissions: ['read:finance-data'] },
    ownTokens: {
      'sub = <client>@clients, gty': {
        sub: `${AGENT}@clients`,
        azp: AGENT,
        gty: 'client-credentials',
        permissions: ['read:finance-data'],
      },
      'sub = <client>@clients, no azp': {
        sub: `${AGENT}@clients`,
        permissions: ['read:finance-data'],
      },
    },
  },
  oauth: {
    profile: () => loadTokenProfile('oauth'),
    agentAllowed: agentHasScope('finance.read'),
    userToken: { sub: 'alice', client_id: AGENT, scope: 'finance.read' },
    ownTokens: {
      'sub = client_id (RFC 9068 §2.2)': { sub: AGENT, client_id: AGENT, scope: 'finance.read' },
      'no sub': { client_id: AGENT, scope: 'finance.read' },
    },
  },
};

let audit: unknown;

async function checkLegacy(vendor: string, claims: Record<string, unknown>) {
  const { profile, agentAllowed } = CASES[vendor] as Case;
  const guard = createDualAuthGuard({
    profile: await profile(),
    layout: 'legacy',
    issuer: ISSUER,
    audience: AUDIENCE,
    keys: idpKey.publicKey,
    clock: fixedClock,
    agentAllowed,
    humanAllowed: () => true,
    onDecision: (event) => {
      audit = event;
    },
  });
  const token = await signJwt(
    { iss: ISSUER, aud: AUDIENCE, iat: NOW_S, exp: NOW_S + 3600, ...claims },
    idpKey,
  );
  return guard.check({
    authorization: `Bearer ${token}`,
    actAssertion: undefined,
    method: 'GET',
    route: '/accounts/42',
  });
}

describe.each(Object.keys(CASES))(
  'legacy layout, %s: a user token of the agent’s client, its act naming the agent',
  (vendor) => {
    const { userToken, ownTokens } = CASES[vendor] as Case;

    it('is refused (401 layout_mismatch): its grants are the user’s, its act the agent', async () => {
      const decision = await checkLegacy(vendor, {
        ...userToken,
        act: { sub: AGENT_ACCOUNT },
      });
      expect(decision).toMatchObject({ decision: 'DENY', status: 401 });
      expect(audit).toMatchObject({ reason: 'access_token.layout_mismatch' });
    });

    it.each(Object.entries(ownTokens))(
      'the agent’s own token (%s) still passes',
      async (_, own) => {
        const decision = await checkLegacy(vendor, { ...own, act: { sub: 'user-123' } });
        expect(decision.decision).toBe('ALLOW');
      },
    );
  },
);

it('the resource tests’ legacy tokens of every vendor are the agent’s own', () => {
  for (const vendor of ['keycloak', 'auth0', 'okta'] as const) {
    const { agentId, claims } = VENDOR_SETUP[vendor];
    expect(PROFILE[vendor].userTokenClaim?.(claims(agentId))).toBeUndefined();
  }
});
