import type { DualAuthAuditEvent, DualSubject } from '@dual-auth/resource';
import { agentHasScope, humanIn } from '@dual-auth/resource';
import { expect, it } from 'vitest';
import { dualSubjectAuthInfo } from './dual-subject-auth-info.js';
import { withToolRule } from './tool-rule.js';

// An IdP may grant the agent a scope per user: the tool's audit record wrote the scopes as
// granted, the human's email and name with them.
const subject = {
  vendor: 'okta',
  layout: 'legacy',
  agent: {
    id: 'finance-agent',
    roles: [],
    scopes: ['finance.read', 'files:alice@example.com', 'home:Alice Liddell'],
    raw: { exp: 2_000_000_000 },
  },
  human: {
    sub: '00u-alice',
    raw: { sub: '00u-alice', email: 'alice@example.com', name: 'Alice Liddell' },
  },
  chain: [{ id: 'finance-agent', raw: { sub: 'finance-agent' } }],
} as unknown as DualSubject;

const extra = { authInfo: dualSubjectAuthInfo('eyJh.eyJi.c2ln', subject, undefined) };

it('the audit record of a tool call names no human in the scope', async () => {
  const audits: DualAuthAuditEvent[] = [];
  const tool = withToolRule(
    {
      tool: 'pay',
      agentAllowed: agentHasScope('files:alice@example.com'),
      humanAllowed: humanIn(['00u-alice']),
      onDecision: (event: DualAuthAuditEvent) => {
        audits.push(event);
      },
    },
    async (_args: Record<string, never>, _extra: typeof extra) => ({
      content: [{ type: 'text' as const, text: 'done' }],
    }),
  );
  await tool({}, extra);
  expect(audits.map((audit) => audit.decision)).toEqual(['ALLOW']);
  expect(audits[0]?.scope).toEqual(['finance.read', 'files:***REDACTED***', 'home:***REDACTED***']);
});
