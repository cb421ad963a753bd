import { ConfigurationError } from '@dual-auth/core';
import type { DualAuthAuditEvent, DualSubject } from '@dual-auth/resource';
import { actorIn, agentHasScope, humanIn } from '@dual-auth/resource';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it, vi } from 'vitest';
import { dualSubjectAuthInfo } from './dual-subject-auth-info.js';
import { withToolRule } from './tool-rule.js';

const subject = {
  vendor: 'okta',
  layout: 'legacy',
  agent: { id: 'finance-agent', roles: [], scopes: ['finance.read'], raw: { exp: 2_000_000_000 } },
  human: { sub: '00u-alice', raw: { sub: '00u-alice', email: 'alice@example.com' } },
  chain: [{ id: 'finance-agent', raw: { sub: 'finance-agent' } }],
} as unknown as DualSubject;
const extra = { authInfo: dualSubjectAuthInfo('eyJh.eyJi.c2ln', subject, undefined) };
const ok = { content: [{ type: 'text' as const, text: 'done' }] };
const bodyOf = (result: CallToolResult) => JSON.parse((result.content[0] as { text: string }).text);

function rule(overrides: Partial<Parameters<typeof withToolRule>[0]> = {}) {
  const audits: DualAuthAuditEvent[] = [];
  return {
    audits,
    rule: {
      tool: 'pay',
      agentAllowed: agentHasScope('finance.read'),
      humanAllowed: humanIn(['00u-alice']),
      onDecision: (event: DualAuthAuditEvent) => {
        audits.push(event);
      },
      ...overrides,
    },
  };
}

describe('withToolRule', () => {
  it('runs the tool when the agent AND the human pass, and audits the ALLOW', async () => {
    const { rule: r, audits } = rule();
    const calls: unknown[] = [];
    const tool = withToolRule(r, async (args: { amount: number }, _extra: typeof extra) => {
      calls.push(args);
      return ok;
    });
    expect(await tool({ amount: 5 }, extra)).toEqual(ok);
    expect(calls).toEqual([{ amount: 5 }]);
    expect(audits).toEqual([
      {
        event: 'dual_auth_decision',
        audit_version: 1,
        source: 'resource',
        time: expect.any(String),
        request_id: expect.any(String),
        decision: 'ALLOW',
        status: 200,
        vendor: 'okta',
        route: 'tools/pay',
        method: 'tools/call',
        agent_id: 'finance-agent',
        identities: 'verified',
        human_id: '00u-alice',
        human_oid: null,
        delegation_chain: ['finance-agent'],
        audience: [],
        scope: expect.any(Array),
        failed_side: null,
        reason: 'authorized',
        policy_basis: [expect.stringMatching(/^agent:/), expect.stringMatching(/^human:/)],
      },
    ]);
  });

  it.each([
    ['agent', { agentAllowed: agentHasScope('payments.write') }],
    ['human', { humanAllowed: humanIn(['00u-bob']) }],
    ['both', { agentAllowed: () => false, humanAllowed: () => false }],
  ] as const)(
    'refuses with a readable result naming the %s side, without running the tool',
    async (side, overrides) => {
      const { rule: r, audits } = rule(overrides);
      let ran = false;
      const tool = withToolRule(r, async (_extra: typeof extra) => {
        ran = true;
        return ok;
      });
      const result = await tool(extra);
      expect(ran).toBe(false);
      expect(result.isError).toBe(true);
      expect(bodyOf(result)).toMatchObject({
        error: 'insufficient_scope',
        failed_side: side,
      });
      expect(audits.at(-1)).toMatchObject({ decision: 'DENY', status: 403, failed_side: side });
    },
  );

  it('refuses the human side as unavailable (503, try again) when its check throws, and logs the error class as the guard does', async () => {
    const events: { event: string; fields: Record<string, unknown> }[] = [];
    const record = (event: string, fields: Record<string, unknown> = {}) => {
      events.push({ event, fields });
    };
    const { rule: r, audits } = rule({
      humanAllowed: () => {
        throw new TypeError('directory down for alice@example.com');
      },
      logger: { debug: record, info: record, warn: record, error: record },
    });
    const result = await withToolRule(r, async (_extra: typeof extra) => ok)(extra);
    expect(result.isError).toBe(true);
    expect(bodyOf(result)).toMatchObject({
      error: 'temporarily_unavailable',
      failed_side: 'human',
    });
    expect(audits.at(-1)).toMatchObject({
      decision: 'DENY',
      status: 503,
      failed_side: 'human',
      reason: 'human_check_unavailable',
      policy_basis: ['agent:authorized', 'human:check_failed TypeError'],
    });
    expect(events.find((e) => e.event === 'dual_auth_check_failed')?.fields).toEqual({
      side: 'human',
      agent_id: 'finance-agent',
      human_id: '00u-alice',
      error_type: 'TypeError',
    });
    expect(JSON.stringify(events)).not.toContain('alice@example.com');
  });

  it('refuses the human side as unavailable at the (injected) deadline when its check never settles, and aborts its signal', async () => {
    const waits: { ms: number; end: () => void }[] = [];
    let seen: AbortSignal | undefined;
    const { rule: r, audits } = rule({
      checkTimeoutMs: 3_000,
      sleep: (ms) => new Promise<void>((end) => waits.push({ ms, end })),
      // Deaf to its signal, as a directory call without a timeout.
      humanAllowed: ({ signal }) => {
        seen = signal;
        return new Promise<boolean>(() => {});
      },
    });
    const handler = vi.fn(async (_extra: typeof extra) => ok);
    const answer = withToolRule(r, handler)(extra);
    await vi.waitFor(() => expect(waits).toHaveLength(1));
    expect(waits[0]?.ms).toBe(3_000);
    waits[0]?.end();
    const result = await answer;
    expect(bodyOf(result)).toMatchObject({
      error: 'temporarily_unavailable',
      failed_side: 'human',
    });
    expect(handler).not.toHaveBeenCalled();
    expect(audits.at(-1)).toMatchObject({
      decision: 'DENY',
      status: 503,
      reason: 'human_check_unavailable',
      policy_basis: ['agent:authorized', 'human:check_failed TimeoutError'],
    });
    expect(seen?.reason).toMatchObject({ name: 'TimeoutError' });
  });

  it('refuses a call that did not pass the server guard (no verified subject)', async () => {
    const { rule: r, audits } = rule();
    const result = await withToolRule(r, async (_extra: { authInfo?: AuthInfo }) => ok)({});
    expect(result.isError).toBe(true);
    expect(bodyOf(result).failed_side).toBe('credentials');
    expect(audits.at(-1)).toMatchObject({
      decision: 'DENY',
      status: 401,
      agent_id: null,
      identities: 'unverified',
    });
  });

  it('refuses a call whose authInfo carries a subject this package did not verify', async () => {
    const { rule: r, audits } = rule();
    const handler = vi.fn(async (_extra: { authInfo?: AuthInfo }) => ok);
    const forged: AuthInfo = {
      token: 'opaque',
      clientId: 'finance-agent',
      scopes: ['finance.read'],
      extra: { dualSubject: subject },
    };
    const result = await withToolRule(r, handler)({ authInfo: forged });
    expect(handler).not.toHaveBeenCalled();
    expect(bodyOf(result)).toMatchObject({
      error: 'invalid_token',
      failed_side: 'credentials',
    });
    expect(audits.at(-1)).toMatchObject({
      decision: 'DENY',
      status: 401,
      agent_id: null,
      identities: 'unverified',
    });
  });

  it('takes an onDecision returning anything, and awaits one returning a promise', async () => {
    const pushed: DualAuthAuditEvent[] = [];
    const returnsNumber = withToolRule(
      { ...rule().rule, onDecision: (event) => pushed.push(event) },
      async (_extra: typeof extra) => ok,
    );
    expect(await returnsNumber(extra)).toEqual(ok);
    expect(pushed.map((event) => event.decision)).toEqual(['ALLOW']);
    const stored: string[] = [];
    const returnsPromise = withToolRule(
      {
        ...rule().rule,
        onDecision: async (event) => {
          await new Promise((resolve) => setTimeout(resolve, 1));
          return stored.push(event.decision);
        },
      },
      async (_extra: typeof extra) => ok,
    );
    expect(await returnsPromise(extra)).toEqual(ok);
    expect(stored).toEqual(['ALLOW']);
  });

  it("audits the server's resource the guard verified the token for as the audience", async () => {
    const { rule: r, audits } = rule();
    const resource = new URL('https://mcp.example.com/mcp');
    const served = { authInfo: dualSubjectAuthInfo('eyJh.eyJi.c2ln', subject, resource) };
    // Other code may rewrite the object's fields; the audit keeps what the guard verified.
    served.authInfo.resource = new URL('https://elsewhere.example/');
    await withToolRule(r, async (_extra: typeof served) => ok)(served);
    expect(audits.at(-1)).toMatchObject({
      decision: 'ALLOW',
      audience: ['https://mcp.example.com/mcp'],
    });
  });

  describe('with hopAllowed, over a chain of two actors', () => {
    const chained = {
      ...subject,
      agent: { ...subject.agent, id: 'sub-agent' },
      chain: [
        { id: 'sub-agent', raw: { sub: 'sub-agent' } },
        { id: 'finance-agent', raw: { sub: 'finance-agent' } },
      ],
    } as unknown as DualSubject;
    const chainExtra = { authInfo: dualSubjectAuthInfo('eyJh.eyJi.c2ln', chained, undefined) };

    it('runs the tool when every actor passes', async () => {
      const { rule: r, audits } = rule({ hopAllowed: actorIn(['sub-agent', 'finance-agent']) });
      expect(await withToolRule(r, async (_extra: typeof chainExtra) => ok)(chainExtra)).toEqual(
        ok,
      );
      expect(audits.at(-1)).toMatchObject({ decision: 'ALLOW', status: 200 });
    });

    it('refuses the agent side when an earlier actor fails, and audits the hop', async () => {
      const seen: { id: string; index: number }[] = [];
      const { rule: r, audits } = rule({
        hopAllowed: ({ hop, index }) => {
          seen.push({ id: hop.id, index });
          return hop.id === 'sub-agent';
        },
      });
      const handler = vi.fn(async (_extra: typeof chainExtra) => ok);
      const result = await withToolRule(r, handler)(chainExtra);
      expect(handler).not.toHaveBeenCalled();
      expect(seen).toEqual([
        { id: 'sub-agent', index: 0 },
        { id: 'finance-agent', index: 1 },
      ]);
      expect(bodyOf(result)).toEqual({
        error: 'insufficient_scope',
        error_description: 'An agent in the delegation chain is not authorized for this tool',
        failed_side: 'agent',
      });
      expect(audits.at(-1)).toMatchObject({
        decision: 'DENY',
        status: 403,
        failed_side: 'agent',
        reason: 'agent_not_authorized',
        policy_basis: ['agent:hop_not_authorized', 'human:authorized'],
        delegation_chain: ['sub-agent', 'finance-agent'],
      });
    });

    it('names the chain, not the calling agent, when an earlier actor and the human are refused', async () => {
      const { rule: r } = rule({
        hopAllowed: ({ hop }) => hop.id === 'sub-agent',
        humanAllowed: humanIn(['00u-bob']),
      });
      const result = await withToolRule(r, async (_extra: typeof chainExtra) => ok)(chainExtra);
      expect(bodyOf(result)).toEqual({
        error: 'insufficient_scope',
        error_description:
          'Neither every agent in the delegation chain nor the human it acts for is authorized for this tool',
        failed_side: 'both',
      });
    });

    it('refuses the agent side as unavailable at the (injected) deadline when a hop check never settles', async () => {
      const waits: { ms: number; end: () => void }[] = [];
      const { rule: r, audits } = rule({
        checkTimeoutMs: 2_000,
        sleep: (ms) => new Promise<void>((end) => waits.push({ ms, end })),
        hopAllowed: ({ hop }) =>
          hop.id === 'finance-agent' ? new Promise<boolean>(() => {}) : true,
      });
      const handler = vi.fn(async (_extra: typeof chainExtra) => ok);
      const answer = withToolRule(r, handler)(chainExtra);
      await vi.waitFor(() => expect(waits).toHaveLength(1));
      expect(waits[0]?.ms).toBe(2_000);
      waits[0]?.end();
      const result = await answer;
      expect(handler).not.toHaveBeenCalled();
      expect(bodyOf(result)).toMatchObject({
        error: 'temporarily_unavailable',
        failed_side: 'agent',
      });
      expect(audits.at(-1)).toMatchObject({
        decision: 'DENY',
        status: 503,
        failed_side: 'agent',
        reason: 'agent_check_unavailable',
      });
    });

    it('throws a TypeError at creation when hopAllowed is not a function', () => {
      expect(() =>
        withToolRule({ ...rule().rule, hopAllowed: 'sub-agent' } as never, () => ok),
      ).toThrow(TypeError);
    });
  });

  it('audits ids only: no token, email or name', async () => {
    const { rule: r, audits } = rule();
    await withToolRule(r, async (_extra: typeof extra) => ok)(extra);
    const text = JSON.stringify(audits);
    expect(text).not.toContain('alice@example.com');
    expect(text).not.toContain('eyJh');
  });

  it('throws a TypeError at creation for a missing check', () => {
    expect(() =>
      withToolRule({ tool: 'pay', agentAllowed: () => true } as never, async () => ok),
    ).toThrow(/rule\.humanAllowed must be a function/);
  });
});

describe.each([
  ['DUAL_AUTH_LOG', { DUAL_AUTH_LOG: 'jsn' }],
  ['DUAL_AUTH_LOG_LEVEL', { DUAL_AUTH_LOG: 'json', DUAL_AUTH_LOG_LEVEL: 'verbose' }],
])('withToolRule given no logger, a typo in %s', (variable, env) => {
  it('fails when the tool is wrapped, not at its first call', () => {
    for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
    const wrap = () => withToolRule(rule().rule, () => ok);
    expect(wrap).toThrow(ConfigurationError);
    expect(wrap).toThrow(expect.objectContaining({ variable }));
  });
});
