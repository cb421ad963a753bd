import { keycloakTokenProfile } from '@dual-auth/adapter-keycloak';
import { describe, expect, it } from 'vitest';
import { checkToken } from './check-token.js';

const NOW = 1_800_000_000;
// A Keycloak standard token exchange result: the user in `sub`, her realm roles, the agent's scopes.
const exchanged = {
  sub: 'user-uuid',
  azp: 'finance-agent',
  act: { sub: 'finance-agent' },
  aud: 'finance-api',
  scope: 'finance.read',
  realm_access: { roles: ['FinanceAgent'] },
  iat: NOW,
  exp: NOW + 300,
};

const outcome = (layout: 'legacy' | 'rfc8693', id: string) =>
  checkToken({
    claims: exchanged,
    actAssertion: undefined,
    profile: keycloakTokenProfile,
    layout,
    expect: {
      human: 'user-uuid',
      clientId: 'finance-agent',
      audience: 'finance-api',
      scopes: ['finance.read'],
      role: 'FinanceAgent',
      maxLifetimeSeconds: 86_400,
      nowSeconds: NOW,
    },
  }).find((check) => check.id === id);

describe('checkToken: the agent’s grants in an rfc8693 token', () => {
  it('never takes the human’s realm roles for the agent’s role', () => {
    expect(outcome('rfc8693', 'agent-role')).toMatchObject({ status: 'fail' });
    expect(outcome('legacy', 'agent-role')).toMatchObject({ status: 'pass' });
  });

  it('reads the scopes the token records for the client', () => {
    expect(outcome('rfc8693', 'scopes')).toMatchObject({ status: 'pass' });
  });
});
