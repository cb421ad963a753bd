import { beforeAll, describe, expect, it } from 'vitest';
import {
  createSigningKey,
  fixedClock,
  NOW_S,
  PROFILE,
  type SigningKey,
  signJwt,
} from '../test/support/token-kit.js';
import type { SubjectCheck } from './authorize.js';
import { createDualAuthGuard } from './dual-auth-guard.js';
import { agentIn } from './subject-checks.js';

// The rfc8693 layout's human is `sub`: an application's or service account's own token names a
// machine there, often the acting agent itself under another id (Entra's service principal object
// id beside its application id, Keycloak's service-account user, Auth0's `<client id>@clients`),
// which the "human is not an actor" check cannot see. Such a token must be refused, or one
// identity passes both checks (found by the breaker14 review).
let idpKey: SigningKey;
beforeAll(async () => {
  idpKey = await createSigningKey('idp');
});

const AGENT_APP_ID = '11111111-0000-0000-0000-00000000a9e7';
const AGENT_SP_OID = '22222222-0000-0000-0000-00000000a9e7';

interface Case {
  readonly vendor: 'entraid' | 'keycloak' | 'auth0' | 'okta';
  readonly issuer: string;
  readonly audience: string;
  readonly agentId: string;
  readonly claims: Readonly<Record<string, unknown>>;
  readonly claim: string;
}

const ENTRA = {
  vendor: 'entraid',
  issuer: 'https://login.microsoftonline.com/tenant-id/v2.0',
  audience: 'api://finance',
  agentId: AGENT_APP_ID,
} as const;

const KEYCLOAK = {
  vendor: 'keycloak',
  issuer: 'https://kc.example.test/realms/agbac',
  audience: 'finance-api',
  agentId: 'finance-agent',
} as const;
const AUTH0 = {
  vendor: 'auth0',
  issuer: 'https://tenant.auth0.example.test/',
  audience: 'https://api.example.com/finance',
  agentId: 'finance-agent',
} as const;
const OKTA = {
  vendor: 'okta',
  issuer: 'https://okta.example.test/oauth2/aus1',
  audience: 'https://api.example.com/finance',
  agentId: 'finance-agent',
} as const;

// learn.microsoft.com/entra/agent-id/agent-token-claims: an agent identity's app-only token.
const entraAppOnly = {
  ver: '2.0',
  azp: AGENT_APP_ID,
  azpacr: '2',
  sub: AGENT_SP_OID,
  oid: AGENT_SP_OID,
  roles: ['FinanceAgent'],
  xms_act_fct: '11',
  xms_sub_fct: '11',
};

const serviceTokens: readonly Case[] = [
  { ...ENTRA, claims: { ...entraAppOnly, idtyp: 'app' }, claim: 'idtyp' },
  // `idtyp` is optional: an app-only token without it still has no `scp`.
  { ...ENTRA, claims: entraAppOnly, claim: 'scp' },
  {
    ...KEYCLOAK,
    claims: {
      sub: '5f3c8a52-service-account-uuid',
      typ: 'Bearer',
      azp: 'finance-agent',
      client_id: 'finance-agent',
      preferred_username: 'service-account-finance-agent',
      scope: 'finance.read',
      act: { sub: 'finance-agent' },
    },
    claim: 'client_id',
  },
  {
    ...KEYCLOAK,
    claims: {
      sub: '5f3c8a52-service-account-uuid',
      azp: 'finance-agent',
      preferred_username: 'service-account-finance-agent',
      act: { sub: 'finance-agent' },
    },
    claim: 'preferred_username',
  },
  // A pre-25 client's "Client ID" mapper on a lightweight token (no preferred_username).
  {
    ...KEYCLOAK,
    claims: {
      sub: '5f3c8a52-service-account-uuid',
      azp: 'finance-agent',
      clientId: 'finance-agent',
      act: { sub: 'finance-agent' },
    },
    claim: 'clientId',
  },
  {
    ...AUTH0,
    claims: {
      sub: 'finance-agent@clients',
      azp: 'finance-agent',
      gty: 'client-credentials',
      act: { sub: 'finance-agent' },
    },
    claim: 'gty',
  },
  {
    ...AUTH0,
    claims: { sub: 'finance-agent@clients', azp: 'finance-agent', act: { sub: 'finance-agent' } },
    claim: 'sub',
  },
  {
    ...OKTA,
    claims: {
      sub: 'finance-agent',
      cid: 'finance-agent',
      uid: '00u-service',
      act: { sub: 'finance-agent' },
    },
    claim: 'sub',
  },
];

const userTokens: readonly Case[] = [
  {
    ...ENTRA,
    claims: {
      ver: '2.0',
      idtyp: 'user',
      azp: AGENT_APP_ID,
      sub: 'pairwise-user-sub',
      oid: '00000000-0000-0000-0000-0000000a11ce',
      scp: 'access_as_user',
      xms_act_fct: '3 9 11',
    },
    claim: '',
  },
  {
    ...KEYCLOAK,
    claims: {
      sub: 'alice-uuid',
      azp: 'finance-agent',
      preferred_username: 'alice',
      act: { sub: 'finance-agent' },
    },
    claim: '',
  },
  // Before Keycloak 25, enabling service accounts put a "Client ID" mapper (`clientId`, with
  // clientHost and clientAddress) on the client itself, so an agent client's users' exchanged
  // tokens carry it too, and realms upgraded to 25+ keep it
  // (https://www.keycloak.org/docs/latest/upgrading/#new-client-scope-service_account).
  {
    ...KEYCLOAK,
    claims: {
      sub: 'alice-uuid',
      typ: 'Bearer',
      azp: 'finance-agent',
      preferred_username: 'alice',
      clientId: 'finance-agent',
      clientHost: '10.0.0.7',
      clientAddress: '10.0.0.7',
      scope: 'finance.read',
      act: { sub: 'finance-agent' },
    },
    claim: '',
  },
  {
    ...AUTH0,
    claims: {
      sub: 'auth0|alice',
      azp: 'finance-agent',
      act: { sub: 'finance-agent', act: { sub: 'web-app' } },
    },
    claim: '',
  },
  {
    ...OKTA,
    claims: {
      sub: 'alice@example.test',
      cid: 'finance-agent',
      uid: '00u-alice',
      act: { sub: 'finance-agent' },
    },
    claim: '',
  },
];

async function check(setup: Case, humanAllowed: SubjectCheck = () => true) {
  const guard = createDualAuthGuard({
    profile: PROFILE[setup.vendor],
    layout: 'rfc8693',
    issuer: setup.issuer,
    audience: setup.audience,
    keys: idpKey.publicKey,
    clock: fixedClock,
    // An Okta custom authorization server's sub is the login; the user id is uid.
    ...(setup.vendor === 'okta' ? { humanIdClaim: 'uid' } : {}),
    agentAllowed: agentIn([setup.agentId]),
    // Stands for a directory lookup that knows service principals and service accounts too (Graph
    // app-role assignments): the token must be refused before it reaches the human check.
    humanAllowed,
  });
  const token = await signJwt(
    { iss: setup.issuer, aud: setup.audience, iat: NOW_S, exp: NOW_S + 3600, ...setup.claims },
    idpKey,
  );
  return guard.check({
    authorization: `Bearer ${token}`,
    actAssertion: undefined,
    method: 'GET',
    route: '/accounts/42',
  });
}

describe('rfc8693 layout: a token whose subject is an application or service account', () => {
  it.each(serviceTokens)(
    '$vendor, marked by "$claim", is refused: it names no human',
    async (setup) => {
      const decision = await check(setup);
      expect(decision).toMatchObject({
        decision: 'DENY',
        status: 401,
        audit: { reason: 'access_token.layout_mismatch' },
      });
      expect(decision.subject?.human.sub).toBeUndefined();
    },
  );

  it.each(userTokens)('$vendor: a user’s exchanged token still passes', async (setup) => {
    const decision = await check(setup);
    expect(decision.decision).toBe('ALLOW');
  });
});

describe('rfc8693 layout, Keycloak: a service account’s token without its marks (hole)', () => {
  // "Always use lightweight access token" (Keycloak 24+) drops every mapper not flagged for
  // lightweight tokens, preferred_username among them, and an admin may remove the
  // service_account scope's client_id mapper: the token then names its service-account user only
  // by id in `sub`, like a user's (https://www.keycloak.org/docs/latest/server_admin/#_using_lightweight_access_token).
  // The profile cannot see it; humanAllowed, a directory lookup, must fail for service-account
  // users (docs/token-layouts.md).
  const SERVICE_ACCOUNT = '5f3c8a52-0000-4000-8000-5e7v1ce0acc7';
  const lightweight: Case = {
    ...KEYCLOAK,
    claims: {
      sub: SERVICE_ACCOUNT,
      typ: 'Bearer',
      azp: 'finance-agent',
      scope: 'finance.read',
      act: { sub: 'finance-agent' },
    },
    claim: '',
  };

  it('is refused by a human check that knows service-account users are no humans', async () => {
    const humans: SubjectCheck = ({ subject }) => subject.human.sub !== SERVICE_ACCOUNT;
    const decision = await check(lightweight, humans);
    expect(decision).toMatchObject({ decision: 'DENY', status: 403 });
  });
});

describe("rfc8693 layout: the human's oid is held to the rules of an id, as act.oid is", () => {
  // The oid goes into every audit record twice (human_id, human_oid), so an oversized or
  // invisible-character one is refused like sub is (Session 10, breaker18 finding 3's sibling).
  const entraUser = userTokens[0] as Case;
  it.each([
    ['11 000 characters', 'o'.repeat(11_000)],
    ['an invisible character', '00000000-0000-0000-0000-0000000a11ce\u200b'],
  ])('an oid of %s is refused (401)', async (_, oid) => {
    const decision = await check({ ...entraUser, claims: { ...entraUser.claims, oid } });
    expect(decision).toMatchObject({ decision: 'DENY', status: 401 });
    expect(JSON.stringify(decision.audit).length).toBeLessThan(4096);
  });
});
