import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { scopeForAudit } from './audit-scope.js';
import { createDualSubject } from './dual-subject.js';
import { agentHasScope } from './subject-checks.js';

// Mend (Session 21, mend21): `agent.scopes` is the granted list, and an IdP may grant a scope per
// user. Audit and logs showed it through `scopeForAudit`, but a subject logged whole
// (`JSON.stringify(subject)`, `util.inspect`) printed `files:alice@example.com`.
const EMAIL = 'alice@example.com';
const NAME = 'Alice Liddell';

function subjectWithPersonalScopes() {
  return createDualSubject({
    vendor: 'keycloak',
    layout: 'legacy',
    agent: {
      id: 'finance-agent',
      roles: ['FinanceAgent'],
      scopes: ['finance.read', `files:${EMAIL}`, `home:${NAME}`, 'admin'],
      raw: {},
    },
    human: { sub: 'user-1', raw: { sub: 'user-1', email: EMAIL, name: NAME, role: 'admin' } },
    chain: [{ id: 'finance-agent', raw: { sub: 'finance-agent' } }],
  });
}

const SHOWN = ['finance.read', 'files:***REDACTED***', 'home:***REDACTED***', 'admin'];

describe('a DualSubject shown whole', () => {
  it('shows the scopes as scopeForAudit does in JSON and util.inspect, itself and its agent', () => {
    const subject = subjectWithPersonalScopes();
    expect(scopeForAudit(subject)).toEqual(SHOWN);
    for (const shown of [
      JSON.stringify(subject),
      JSON.stringify(subject.agent),
      JSON.stringify({ ...subject }),
      inspect(subject, { depth: 8 }),
      inspect(subject.agent),
      String(inspect({ request: { subject } }, { depth: 8 })),
    ]) {
      expect(shown).not.toContain(EMAIL);
      expect(shown).not.toContain('Liddell');
      expect(shown).toContain('finance.read');
    }
    expect(JSON.parse(JSON.stringify(subject)).agent).toEqual({
      id: 'finance-agent',
      roles: ['FinanceAgent'],
      scopes: SHOWN,
    });
  });

  it('keeps the granted names for code: agent.scopes, the checks, a spread of the agent', async () => {
    const subject = subjectWithPersonalScopes();
    expect(subject.agent.scopes).toContain(`files:${EMAIL}`);
    const signal = new AbortController().signal;
    expect(await agentHasScope(`files:${EMAIL}`)({ subject, signal })).toBe(true);
    // A spread or a structured clone is a copy for code: plain data that holds what code reads,
    // the granted names, and none of the subject's printing (no toJSON or inspect symbol survives
    // either), so neither can be covered without hiding the names from code that copies them.
    expect({ ...subject.agent }.scopes).toContain(`files:${EMAIL}`);
    expect(structuredClone(subject).agent.scopes).toContain(`files:${EMAIL}`);
  });
});
