import { prepareHumanIdForLogging } from '@dual-auth/core';
import type { DualAuthAuditEvent, DualSubject } from '@dual-auth/resource';
import { agentHasScope, humanIn } from '@dual-auth/resource';
import { afterEach, expect, it, vi } from 'vitest';
import { webCryptoDigest } from '../../core/test/web-crypto-digest.js';
import { dualSubjectAuthInfo } from './dual-subject-auth-info.js';
import { withToolRule } from './tool-rule.js';

const EMAIL = 'jane@corp.example';

afterEach(() => {
  vi.unstubAllGlobals();
});

// Off Node (Workers, Deno, Bun: no node:crypto), a tool's audit record named a verified human
// whose `oid` an IdP mapper filled with the email `sha256:unavailable` (human_id and human_oid):
// core's createAuditEvent got the raw oid and cannot digest it synchronously. It now gets the
// digest the guard's verification prepared on the human, as the resource's own records do.
it.each([
  ['refused', () => false, 'DENY'],
  ['allowed', humanIn([EMAIL]), 'ALLOW'],
] as const)(
  'off Node, a %s tool call audits an email-shaped oid by its digest',
  async (_, humanAllowed, decision) => {
    const expected = await webCryptoDigest(EMAIL);
    const subject = {
      vendor: 'entraid',
      layout: 'rfc8693',
      agent: {
        id: 'finance-agent',
        roles: [],
        scopes: ['finance.read'],
        raw: { exp: 2_000_000_000 },
      },
      human: { sub: 'pairwise-sub', oid: EMAIL, raw: { sub: 'pairwise-sub', oid: EMAIL } },
      chain: [{ id: 'finance-agent', raw: { sub: 'finance-agent' } }],
    } as unknown as DualSubject;
    const audits: DualAuthAuditEvent[] = [];
    const tool = withToolRule(
      {
        tool: 'pay',
        agentAllowed: agentHasScope('finance.read'),
        humanAllowed,
        onDecision: (event) => {
          audits.push(event);
        },
      },
      async (_args: object, _extra: object) => ({
        content: [{ type: 'text' as const, text: 'done' }],
      }),
    );
    vi.stubGlobal('navigator', { userAgent: 'Cloudflare-Workers' });
    // What the guard's verification does with the human it verified (verifyDualSubject).
    await prepareHumanIdForLogging(subject.human);
    await tool({}, { authInfo: dualSubjectAuthInfo('eyJh.eyJi.c2ln', subject, undefined) });
    vi.unstubAllGlobals();
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ decision, human_id: expected, human_oid: expected });
    expect(JSON.stringify(audits)).not.toContain('@');
  },
);
