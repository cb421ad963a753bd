import { createDualSubject, type DualSubject } from '../../src/dual-subject.js';

/** A verified subject: Keycloak's finance-agent (role FinanceAgent) acting for user-1. */
export const financeSubject: DualSubject = createDualSubject({
  vendor: 'keycloak',
  layout: 'legacy',
  agent: { id: 'finance-agent', roles: ['FinanceAgent'], scopes: [], raw: {} },
  human: { sub: 'user-1', raw: { sub: 'user-1' } },
  chain: [{ id: 'finance-agent', raw: { sub: 'finance-agent' } }],
});
