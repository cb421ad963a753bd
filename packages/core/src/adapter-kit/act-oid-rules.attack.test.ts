import { describe, expect, it } from 'vitest';
import { createAuditEvent } from '../audit/audit-event.js';
import { humanIdForLogging } from '../redaction/human-id-for-logging.js';
import { findActProblem } from './validate-act.js';

// Session 10, breaker 20 (wave10/fixb18a): `act.oid` is now "held to the same length and character
// rules as `sub`" (findActProblem's TSDoc; the rfc8693 layout's `oid` likewise), because it goes
// into every audit record: humanIdForLogging writes the oid, when there is one, INSTEAD of the sub.
// Two of sub's rules are not applied to it:
// - a blank `oid` (`'   '`) passes, where a blank `sub` is refused: the audit record then names
//   the human `'   '`, not the sub it was verified for (the rfc8693 layout refuses it: the two
//   layouts disagree). In the bound-assertion layout (Entra) the agent application writes `act`.
// - an `oid` holding `@` is written to the log as it is, where a `sub` with `@` is written as its
//   SHA-256 digest: an IdP mapper (or an agent) that puts the user's email in `oid` puts it in
//   every audit record.
// Suggested fix: refuse a blank oid in findActProblem (as for sub), and an oid with `@` (an Entra
// object id is a GUID), or digest such an oid in both human_id and human_oid of the audit record.

describe('attack: act.oid under the same rules as act.sub', () => {
  it('refuses a blank oid, as a blank sub is', () => {
    expect(findActProblem({ sub: '   ' })?.claim).toBe('act.sub');
    expect(findActProblem({ sub: 'user-1', oid: '   ' })?.claim).toBe('act.oid');
  });

  it('writes no email held in oid into the audit record of an admitted act', () => {
    const email = 'jane.doe@corp.example';
    expect(humanIdForLogging({ sub: email })).not.toContain('@');
    const act = { sub: 'user-1', oid: email };
    // Either fix holds: the act refused, or its audit record without the email.
    const audited =
      findActProblem(act) === undefined
        ? createAuditEvent({
            source: 'resource',
            decision: 'DENY',
            reason: 'access_token.revoked',
            agent_id: 'finance-agent',
            human_id: act.sub,
            human_oid: act.oid,
          })
        : {};
    expect(JSON.stringify(audited)).not.toContain(email);
  });
});
