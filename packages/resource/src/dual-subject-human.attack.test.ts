import { inspect } from 'node:util';
import { humanIdForLogging } from '@dual-auth/core';
import { describe, expect, it } from 'vitest';
import { createDualSubject } from './dual-subject.js';

// Attack (session 21, brk21b): mend21 made a DualSubject logged whole (`JSON.stringify`, a
// logger that serializes objects as pino does, `util.inspect`) show the agent's scopes as
// scopeForAudit does, but its human still showed `sub` as verified: in Entra's legacy layout
// that is the UPN, an email (`{"human":{"sub":"alice@contoso.example",…}}`).
const UPN = 'alice@contoso.example';
const OID = '00000000-0000-0000-0000-00000000a11c';

function entraSubject(oid?: string) {
  return createDualSubject({
    vendor: 'entraid',
    layout: 'legacy',
    agent: { id: 'finance-agent', roles: [], scopes: ['finance.read'], raw: {} },
    human: {
      sub: UPN,
      ...(oid === undefined ? {} : { oid }),
      raw: { sub: UPN, ...(oid === undefined ? {} : { oid }) },
    },
    chain: [{ id: 'finance-agent', raw: { sub: 'finance-agent' } }],
  });
}

describe('attack: a DualSubject whose human sub is an email, shown whole', () => {
  it('shows the sub as a log line names it, in JSON and util.inspect, with or without oid', () => {
    for (const subject of [entraSubject(OID), entraSubject()]) {
      for (const shown of [
        JSON.stringify(subject),
        JSON.stringify(subject.human),
        inspect(subject, { depth: 8 }),
        inspect(subject.human),
      ]) {
        expect(shown).not.toContain('alice');
        expect(shown).toContain(humanIdForLogging({ sub: UPN }) ?? 'a digest');
      }
      expect(JSON.parse(JSON.stringify(subject.human)).oid).toBe(subject.human.oid);
    }
  });

  it('keeps the verified sub for code', () => {
    const subject = entraSubject(OID);
    expect(subject.human.sub).toBe(UPN);
    expect({ ...subject.human }.sub).toBe(UPN);
  });
});
