import { requireValue } from '@dual-auth/core';
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

/** The ids of the guides' two humans at one vendor. */
export interface GuideHumanIds {
  readonly alice: string;
  readonly bob: string;
  /** Object ids (`oid`), for vendors that have them. */
  readonly oids?: { readonly alice: string; readonly bob: string };
}

/**
 * The humans of the IdP guides, with a vendor's ids: `alice` (FinanceUser) and `bob` (no
 * FinanceUser), for a profile's `humans()`.
 */
export function guideHumans(ids: GuideHumanIds): HumanInput[] {
  requireValue(ids, 'ids', 'object');
  return (['alice', 'bob'] as const).map((username) => ({
    sub: ids[username],
    username,
    email: `${username}@example.com`,
    name: `${username === 'alice' ? 'Alice' : 'Bob'} Example`,
    roles: username === 'alice' ? [FINANCE_USER] : [],
    ...(ids.oids === undefined ? {} : { oid: ids.oids[username] }),
  }));
}
