import type { Vendor } from '@dual-auth/core';
import { type AgentInput, FINANCE_AGENT, FINANCE_USER, type HumanInput } from './directory.js';

/**
 * The agents of the IdP guides: `finance-agent` (pre-approved: FinanceAgent role,
 * `read:finance-data`, `finance.read`) and `intern-agent` (none of them).
 */
export function defaultAgents(): AgentInput[] {
  return [
    {
      clientId: 'finance-agent',
      roles: [FINANCE_AGENT.role],
      permissions: [FINANCE_AGENT.permission],
      scopes: [FINANCE_AGENT.scope],
    },
    { clientId: 'intern-agent' },
  ];
}

const userIds: Record<Vendor, { alice: string; bob: string }> = {
  keycloak: {
    alice: '5b1f0c2e-7d4a-4e8b-9a31-2f6c8d0e1a11',
    bob: '9c2e1d3f-8e5b-4f9c-8b42-3a7d9e1f2b22',
  },
  auth0: { alice: 'auth0|65f1a11ce1a11ce1a11ce1a1', bob: 'auth0|65f1b0bb0bb0bb0bb0bb0bb0' },
  okta: { alice: '00ua1ice0000000000x7', bob: '00ub0b00000000000x7' },
  entraid: { alice: 'alice@contoso.example', bob: 'bob@contoso.example' },
};

/**
 * The humans of the IdP guides, with ids shaped like the vendor's: `alice` (FinanceUser) and
 * `bob` (no FinanceUser). Entra ID users also get an object id (`oid`).
 */
export function defaultHumans(vendor: Vendor): HumanInput[] {
  const ids = userIds[vendor];
  const entra = vendor === 'entraid';
  return [
    {
      sub: ids.alice,
      username: 'alice',
      email: 'alice@example.com',
      name: 'Alice Example',
      roles: [FINANCE_USER],
      ...(entra ? { oid: 'a11ce000-0000-4000-8000-00000000a11c' } : {}),
    },
    {
      sub: ids.bob,
      username: 'bob',
      email: 'bob@example.com',
      name: 'Bob Example',
      roles: [],
      ...(entra ? { oid: 'b0b00000-0000-4000-8000-000000000b0b' } : {}),
    },
  ];
}
