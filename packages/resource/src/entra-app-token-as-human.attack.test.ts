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
import { agentIn } from './subject-checks.js';

// Attack (breaker14): in the rfc8693 layout the Entra facet (readEntraAgentDelegation) takes the
// human from `sub`/`oid` and the agent from `azp`/`appid` whenever `xms_act_fct` is present, and
// nothing checks that the token is a USER's (on-behalf-of) token at all. An Entra Agent ID
// autonomous (app-only) token also carries `xms_act_fct`; its `sub`/`oid` are the agent's own
// service principal, `idtyp` is `app`, and there is no `scp`. refuseHumanAsActor compares
// `sub` (the service principal's object id) with `azp` (the application id): two different
// GUIDs of the same agent, so the check passes and the agent is admitted as acting for
// "a human" that is itself. Whatever humanAllowed does with a directory (`humanHasRole` over
// Graph appRoleAssignedTo, which service principals have too: that is where app-only `roles`
// come from) now decides on the agent's own grants: one identity passes both checks. The
// legacy layout refuses the mirror case (`userTokenClaim`); the rfc8693 layout needs the
// converse (`idtyp: app`, or no `scp`) refused.
let idpKey: SigningKey;
beforeAll(async () => {
  idpKey = await createSigningKey('idp');
});

const ISSUER = 'https://login.microsoftonline.com/tenant-id/v2.0';
const AUDIENCE = 'api://finance';
const AGENT_APP_ID = '11111111-0000-0000-0000-00000000a9e7';
const AGENT_SP_OID = '22222222-0000-0000-0000-00000000a9e7';

describe('rfc8693 layout, entraid: an agent’s own app-only token', () => {
  it('is refused: it names no human (idtyp app, sub = oid = the agent’s service principal, no scp)', async () => {
    const guard = createDualAuthGuard({
      profile: PROFILE.entraid,
      layout: 'rfc8693',
      issuer: ISSUER,
      audience: AUDIENCE,
      keys: idpKey.publicKey,
      clock: fixedClock,
      agentAllowed: agentIn([AGENT_APP_ID]),
      // Stands for a directory role lookup that knows service principals (Graph app-role
      // assignments): the point is that the token reaches the human check with no human in it.
      humanAllowed: () => true,
    });
    // learn.microsoft.com/entra/agent-id/agent-token-claims: an agent identity's app-only token.
    const token = await signJwt(
      {
        iss: ISSUER,
        aud: AUDIENCE,
        iat: NOW_S,
        exp: NOW_S + 3600,
        ver: '2.0',
        idtyp: 'app',
        azp: AGENT_APP_ID,
        azpacr: '2',
        sub: AGENT_SP_OID,
        oid: AGENT_SP_OID,
        roles: ['FinanceAgent'],
        xms_act_fct: '11',
        xms_sub_fct: '11',
      },
      idpKey,
    );
    const decision = await guard.check({
      authorization: `Bearer ${token}`,
      actAssertion: undefined,
      method: 'GET',
      route: '/accounts/42',
    });
    expect(decision.subject?.human.sub).not.toBe(AGENT_SP_OID);
    expect(decision.decision).toBe('DENY');
  });
});

// The same gap in the generic rfc8693 reading: nothing checks that `sub` is a user rather than the
// agent's own client-credentials subject, and refuseHumanAsActor compares `sub` with `act.sub`
// only, which a service account's subject never equals (Keycloak's service-account user id,
// Auth0's `<client id>@clients`). An agent that exchanges its OWN client-credentials token (the
// IdP's act mapper naming the requesting client) is admitted as acting for itself.
const selfCases = [
  {
    vendor: 'keycloak' as const,
    issuer: 'https://kc.example.test/realms/agbac',
    audience: 'finance-api',
    claims: {
      sub: '5f3c8a52-service-account-uuid',
      typ: 'Bearer',
      azp: 'finance-agent',
      client_id: 'finance-agent',
      preferred_username: 'service-account-finance-agent',
      scope: 'finance.read',
      act: { sub: 'finance-agent' },
    },
  },
  {
    vendor: 'auth0' as const,
    issuer: 'https://tenant.auth0.example.test/',
    audience: 'https://api.example.com/finance',
    claims: {
      sub: 'finance-agent@clients',
      azp: 'finance-agent',
      gty: 'client-credentials',
      act: { sub: 'finance-agent' },
    },
  },
];

describe.each(selfCases)(
  'rfc8693 layout, $vendor: the agent’s own service-account token',
  (setup) => {
    it('is refused: its sub is the agent’s client, not a human', async () => {
      const guard = createDualAuthGuard({
        profile: PROFILE[setup.vendor],
        layout: 'rfc8693',
        issuer: setup.issuer,
        audience: setup.audience,
        keys: idpKey.publicKey,
        clock: fixedClock,
        agentAllowed: agentIn(['finance-agent']),
        humanAllowed: () => true,
      });
      const token = await signJwt(
        { iss: setup.issuer, aud: setup.audience, iat: NOW_S, exp: NOW_S + 3600, ...setup.claims },
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
  },
);
