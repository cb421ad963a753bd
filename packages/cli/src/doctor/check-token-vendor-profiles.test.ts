import { entraIdTokenProfile } from '@dual-auth/adapter-entraid';
import { oktaTokenProfile } from '@dual-auth/adapter-okta';
import { describe, expect, it } from 'vitest';
import { checkToken } from './check-token.js';

const NOW = 1_800_000_000;
// An Entra Agent ID on-behalf-of token: the user in sub (pairwise) and oid, the agent identity the
// client (azp), marked by xms_act_fct; no act (learn.microsoft.com/entra/agent-id/agent-token-claims).
const ENTRA_OBO = {
  sub: 'pairwise-sub',
  oid: 'alice-oid',
  azp: 'finance-agent',
  xms_act_fct: '11',
  scp: 'finance.read',
  roles: ['FinanceAgent'],
  iat: NOW,
  exp: NOW + 600,
};

function check(
  claims: Record<string, unknown>,
  profile: typeof entraIdTokenProfile,
  expect: { human: string; scopes?: string[]; role?: string },
) {
  return checkToken({
    claims,
    actAssertion: undefined,
    profile,
    layout: 'rfc8693',
    humanIdClaim: profile === oktaTokenProfile ? 'uid' : undefined,
    expect: { clientId: 'finance-agent', maxLifetimeSeconds: 3600, nowSeconds: NOW, ...expect },
  });
}

describe('checkToken with the vendor profiles the API uses (rfc8693)', () => {
  it('Entra on-behalf-of: the human by oid, the agent as the profile reads it', () => {
    const outcomes = check(ENTRA_OBO, entraIdTokenProfile, { human: 'alice-oid' });
    expect(outcomes.find((o) => o.id === 'human')).toMatchObject({
      status: 'pass',
      detail:
        'oid is the human, the actor (as the entraid profile reads it) the agent finance-agent',
    });
  });

  it('Entra on-behalf-of: another human, or no agent facet, fails', () => {
    const other = check(ENTRA_OBO, entraIdTokenProfile, { human: 'bob-oid' });
    expect(other.find((o) => o.id === 'human')).toMatchObject({
      status: 'fail',
      detail: 'neither "sub" nor "oid" is the human given with --human',
    });
    const { xms_act_fct: _facet, ...plain } = ENTRA_OBO;
    const noFacet = check(plain, entraIdTokenProfile, { human: 'alice-oid' });
    expect(noFacet.find((o) => o.id === 'human')).toMatchObject({
      status: 'fail',
      detail: 'the token names no acting agent where the entraid profile reads it',
    });
  });

  it("Entra: reads scp as the agent's scopes, never the user's roles as its role", () => {
    const outcomes = check(ENTRA_OBO, entraIdTokenProfile, {
      human: 'alice-oid',
      scopes: ['finance.read'],
      role: 'FinanceAgent',
    });
    expect(outcomes.find((o) => o.id === 'scopes')).toMatchObject({ status: 'pass' });
    expect(outcomes.find((o) => o.id === 'agent-role')).toMatchObject({
      status: 'fail',
      fix: expect.objectContaining({ fix: expect.stringMatching(/agentIn/) }),
    });
  });

  // wave25/newuser: the role's advice said agentHasScope refuses the token and to drop --scope,
  // beside a scopes check that had just passed (scp records the agent's scopes here).
  it('a role no claim records: the advice is about the role only, not the scopes that passed', () => {
    const outcomes = check(ENTRA_OBO, entraIdTokenProfile, {
      human: 'alice-oid',
      scopes: ['finance.read'],
      role: 'FinanceAgent',
    });
    const role = outcomes.find((o) => o.id === 'agent-role');
    expect(role?.fix?.fix).toMatch(/agentHasRole/);
    expect(role?.fix?.fix).toMatch(/drop --role/);
    expect(role?.fix?.fix).not.toMatch(/agentHasScope|--scope|scopes_not_in_token/);
  });

  it("Okta: scp is not the agent's; the scopes check says to use agentIn, not to change the IdP", () => {
    const okta = {
      sub: 'alice@example.com',
      uid: '00u-alice',
      cid: 'finance-agent',
      act: { sub: 'finance-agent' },
      scp: ['finance.read'],
      iat: NOW,
      exp: NOW + 600,
    };
    const scopes = check(okta, oktaTokenProfile, {
      human: '00u-alice',
      scopes: ['finance.read'],
    }).find((o) => o.id === 'scopes');
    expect(scopes).toMatchObject({
      status: 'fail',
      detail:
        "no claim of this IdP's tokens records the agent's scopes in this layout: use agentIn",
      fix: expect.objectContaining({ fix: expect.stringMatching(/scopes_not_in_token/) }),
    });
    expect(scopes?.fix?.fix).toMatch(/drop --scope/);
    expect(scopes?.fix?.fix).not.toMatch(/agentHasRole|--role|roles_not_in_token/);
  });
});
