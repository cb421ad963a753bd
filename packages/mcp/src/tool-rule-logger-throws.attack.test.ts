import type { DualAuthAuditEvent, DualSubject } from '@dual-auth/resource';
import { agentHasScope, humanIn } from '@dual-auth/resource';
import { expect, it } from 'vitest';
import { dualSubjectAuthInfo } from './dual-subject-auth-info.js';
import { withToolRule } from './tool-rule.js';

// A log pipeline that fails (a full disk, a transport that throws on a large line) must not take
// the durable audit trail down with it: the guard of @dual-auth/resource still hands the record to
// `onDecision` when its logger throws; the tool rule wrote the log line first and lost the
// record. The call itself fails closed: the tool does not run.
const subject = {
  vendor: 'okta',
  layout: 'legacy',
  agent: { id: 'finance-agent', roles: [], scopes: ['pay'], raw: { exp: 2_000_000_000 } },
  human: { sub: '00u-alice', raw: { sub: '00u-alice' } },
  chain: [{ id: 'finance-agent', raw: { sub: 'finance-agent' } }],
} as unknown as DualSubject;

const failing = () => {
  throw new Error('log transport down');
};
const throwingLogger = { debug: failing, info: failing, warn: failing, error: failing };

function tool(audits: DualAuthAuditEvent[], ran: string[]) {
  return withToolRule(
    {
      tool: 'pay',
      agentAllowed: agentHasScope('pay'),
      humanAllowed: humanIn(['00u-alice']),
      logger: throwingLogger,
      onDecision: (event: DualAuthAuditEvent) => {
        audits.push(event);
      },
    },
    async (_extra: { authInfo?: unknown }) => {
      ran.push('pay');
      return { content: [{ type: 'text' as const, text: 'paid' }] };
    },
  );
}

it('hands an admission to onDecision when the logger throws, and does not run the tool', async () => {
  const audits: DualAuthAuditEvent[] = [];
  const ran: string[] = [];
  const extra = { authInfo: dualSubjectAuthInfo('eyJh.eyJi.c2ln', subject, undefined) };
  await expect(tool(audits, ran)(extra)).rejects.toThrow('log transport down');
  expect(audits.map((audit) => [audit.decision, audit.agent_id])).toEqual([
    ['ALLOW', 'finance-agent'],
  ]);
  expect(ran).toEqual([]);
});

it('hands a refusal to onDecision when the logger throws', async () => {
  const audits: DualAuthAuditEvent[] = [];
  const ran: string[] = [];
  await expect(tool(audits, ran)({})).rejects.toThrow('log transport down');
  expect(audits.map((audit) => [audit.decision, audit.reason])).toEqual([
    ['DENY', 'access_token.missing_claim'],
  ]);
  expect(ran).toEqual([]);
});
