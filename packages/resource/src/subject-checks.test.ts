import { describe, expect, it, vi } from 'vitest';
import { authorize, type SubjectCheckResult } from './authorize.js';
import { cachedCheck } from './cached-check.js';
import { createDualSubject, type DualSubject } from './dual-subject.js';
import { agentHasRole, agentHasScope, humanHasRole, humanIn } from './subject-checks.js';

function subjectOf(
  sub: string,
  extra: { roles?: string[]; scopes?: string[]; oid?: string; agentId?: string } = {},
) {
  return createDualSubject({
    vendor: 'entraid',
    layout: 'legacy',
    agent: {
      id: extra.agentId ?? 'agent-1',
      roles: extra.roles ?? [],
      scopes: extra.scopes ?? [],
      raw: {},
    },
    human: { sub, ...(extra.oid ? { oid: extra.oid } : {}), raw: { sub } },
    chain: [{ id: extra.agentId ?? 'agent-1', raw: { sub: extra.agentId ?? 'agent-1' } }],
  });
}

/** A signal no request aborts: the checks are always given one. */
const staysOpen = () => new AbortController().signal;

const ask = (check: ReturnType<typeof agentHasRole>, subject: DualSubject) =>
  Promise.resolve(check({ subject, signal: staysOpen() }));

describe('subject checks', () => {
  it('agentHasRole / agentHasScope read the normalized roles and scopes', async () => {
    const subject = subjectOf('u', { roles: ['FinanceAgent'], scopes: ['finance.read'] });
    expect(await ask(agentHasRole('FinanceAgent'), subject)).toBe(true);
    expect(await ask(agentHasRole('Admin'), subject)).toBe(false);
    expect(await ask(agentHasScope('finance.read'), subject)).toBe(true);
    expect(await ask(agentHasScope('finance.write'), subject)).toBe(false);
  });

  it('humanIn matches act.sub or act.oid', async () => {
    const check = humanIn(['oid-7', 'user-2']);
    expect(await ask(check, subjectOf('user-2'))).toBe(true);
    expect(await ask(check, subjectOf('upn@x', { oid: 'oid-7' }))).toBe(true);
    expect(await ask(check, subjectOf('user-3'))).toBe(false);
  });

  it('humanHasRole asks the lookup with the human and vendor', async () => {
    const asked: string[] = [];
    const check = humanHasRole('FinanceUser', async ({ human, vendor }) => {
      asked.push(`${vendor}:${human.sub}`);
      return human.sub === 'alice' ? ['FinanceUser'] : ['Other'];
    });
    expect(await ask(check, subjectOf('alice'))).toBe(true);
    expect(await ask(check, subjectOf('bob'))).toBe(false);
    expect(asked).toEqual(['entraid:alice', 'entraid:bob']);
  });

  it('humanHasRole hands the lookup a signal for a directory API that requires one', async () => {
    const signals: AbortSignal[] = [];
    const directory = {
      rolesOf: async (_sub: string, options: { signal: AbortSignal }) => {
        signals.push(options.signal);
        return ['FinanceUser'];
      },
    };
    const result = await authorize({
      subject: subjectOf('alice'),
      agentAllowed: () => true,
      humanAllowed: cachedCheck(
        humanHasRole('FinanceUser', async ({ human, signal }) =>
          directory.rolesOf(human.sub, { signal }),
        ),
        { ttlMs: 60_000, key: 'human' },
      ),
    });
    expect(result.decision).toBe('ALLOW');
    expect(signals).toHaveLength(1);
    expect(signals[0]).toBeInstanceOf(AbortSignal);
  });

  it('wrong arguments → TypeError', () => {
    expect(() => agentHasRole('')).toThrow(TypeError);
    expect(() => agentHasScope(1 as never)).toThrow(TypeError);
    expect(() => humanHasRole('x', 'nope' as never)).toThrow(TypeError);
  });
});

describe('cachedCheck', () => {
  function counting(answer: (sub: string) => SubjectCheckResult | Promise<SubjectCheckResult>) {
    const state = { calls: 0 };
    const check = async ({ subject }: { subject: DualSubject }) => {
      state.calls++;
      return answer(subject.human.sub);
    };
    return Object.assign(check, { state });
  }

  it('reuses answers per human for ttlMs, then asks again', async () => {
    let now = 0;
    const inner = counting((sub) => sub === 'alice');
    const check = cachedCheck(inner, { ttlMs: 1000, clock: { now: () => now } });
    expect(await ask(check, subjectOf('alice'))).toBe(true);
    expect(await ask(check, subjectOf('alice'))).toBe(true);
    expect(await ask(check, subjectOf('bob'))).toBe(false);
    expect(inner.state.calls).toBe(2);
    now = 1001;
    await ask(check, subjectOf('alice'));
    expect(inner.state.calls).toBe(3);
  });

  it('one lookup in flight per key', async () => {
    let release: (v: boolean) => void = () => {};
    const inner = counting(() => new Promise<boolean>((resolve) => (release = resolve)));
    const check = cachedCheck(inner, { ttlMs: 1000 });
    const pending = [1, 2, 3].map(() => ask(check, subjectOf('alice')));
    release(true);
    expect(await Promise.all(pending)).toEqual([true, true, true]);
    expect(inner.state.calls).toBe(1);
  });

  /** A lookup that answers `roles` when released, or rejects with its signal's reason. */
  function abortableLookup() {
    const state = { calls: 0, signals: [] as AbortSignal[], release: () => {} };
    const lookup = ({ signal }: { signal?: AbortSignal | undefined }) =>
      new Promise<readonly string[]>((resolve, reject) => {
        state.calls++;
        if (signal !== undefined) state.signals.push(signal);
        state.release = () => resolve(['FinanceUser']);
        if (signal?.aborted) reject(signal.reason);
        signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
      });
    return Object.assign(lookup, { state });
  }

  it('a request that was not aborted gets the real answer when another waiter aborts', async () => {
    const lookup = abortableLookup();
    const check = cachedCheck(humanHasRole('FinanceUser', lookup), { ttlMs: 60_000, key: 'human' });
    const leaving = new AbortController();
    const staying = new AbortController();
    const first = check({ subject: subjectOf('alice'), signal: leaving.signal });
    const second = check({ subject: subjectOf('alice', { agentId: 'b' }), signal: staying.signal });
    const third = check({ subject: subjectOf('alice', { agentId: 'c' }), signal: staysOpen() });
    leaving.abort(new Error('client left'));
    await expect(first).rejects.toThrow('client left');
    lookup.state.release();
    await expect(second).resolves.toBe(true);
    await expect(third).resolves.toBe(true);
    expect(lookup.state.calls).toBe(1);
    expect(lookup.state.signals[0]?.aborted).toBe(false);
  });

  it('the shared lookup is aborted once every waiter has gone; the next request asks afresh', async () => {
    const lookup = abortableLookup();
    const check = cachedCheck(humanHasRole('FinanceUser', lookup), { ttlMs: 60_000, key: 'human' });
    const controllers = [new AbortController(), new AbortController()];
    const waiting = controllers.map((c) =>
      check({ subject: subjectOf('alice'), signal: c.signal }),
    );
    controllers[0]?.abort(new Error('one left'));
    await expect(waiting[0]).rejects.toThrow('one left');
    expect(lookup.state.signals[0]?.aborted).toBe(false);
    controllers[1]?.abort(new Error('all left'));
    await expect(waiting[1]).rejects.toThrow('all left');
    expect(lookup.state.signals[0]?.aborted).toBe(true);
    const again = check({ subject: subjectOf('alice'), signal: staysOpen() });
    lookup.state.release();
    await expect(again).resolves.toBe(true);
    expect(lookup.state.calls).toBe(2);
  });

  /** A lookup that ignores its signal and answers each call when the test says so. */
  function deafLookup() {
    const state = {
      calls: 0,
      inFlight: 0,
      maxInFlight: 0,
      answers: [] as ((v: boolean) => void)[],
    };
    const check = () =>
      new Promise<boolean>((resolve) => {
        state.calls++;
        state.inFlight++;
        state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
        state.answers.push((value) => {
          state.inFlight--;
          resolve(value);
        });
      });
    return Object.assign(check, { state });
  }

  it('requests that each abort while a lookup deaf to its signal runs start no second lookup until it settles', async () => {
    const lookup = deafLookup();
    const check = cachedCheck(lookup, { ttlMs: 60_000, key: 'human' });
    for (let i = 0; i < 20; i++) {
      const leaving = new AbortController();
      const waiting = check({ subject: subjectOf('alice'), signal: leaving.signal });
      leaving.abort(new Error('client left'));
      await expect(waiting).rejects.toThrow('client left');
    }
    expect(lookup.state.calls).toBe(1);
    const staying = check({ subject: subjectOf('alice'), signal: staysOpen() });
    expect(lookup.state.calls).toBe(1);
    lookup.state.answers[0]?.(true);
    await vi.waitFor(() => expect(lookup.state.calls).toBe(2));
    lookup.state.answers[1]?.(true);
    await expect(staying).resolves.toBe(true);
    expect(lookup.state.maxInFlight).toBe(1);
  });

  it('the answer of a lookup every request gave up on is not cached: the next request asks afresh', async () => {
    const lookup = deafLookup();
    const check = cachedCheck(lookup, { ttlMs: 60_000 });
    const leaving = new AbortController();
    const abandoned = check({ subject: subjectOf('bob'), signal: leaving.signal });
    leaving.abort(new Error('gone'));
    await expect(abandoned).rejects.toThrow('gone');
    lookup.state.answers[0]?.(true); // late, and maybe stale: bob has since lost the role
    await vi.waitFor(() => expect(lookup.state.inFlight).toBe(0));
    const newer = check({ subject: subjectOf('bob'), signal: staysOpen() });
    await vi.waitFor(() => expect(lookup.state.calls).toBe(2));
    lookup.state.answers[1]?.(false);
    await expect(newer).resolves.toBe(false);
    expect(check({ subject: subjectOf('bob'), signal: staysOpen() })).toBe(false); // the newer lookup's answer, cached
    expect(lookup.state.calls).toBe(2);
  });

  it('a lookup that answers no roles once its signal aborts does not lock the human out', async () => {
    let calls = 0;
    const failClosed = async ({ signal }: { signal?: AbortSignal | undefined }) => {
      calls++;
      if (calls > 1) return ['FinanceUser'];
      // A common lookup: any error, its own abort included, is "no roles".
      return new Promise<readonly string[]>((resolve) => {
        signal?.addEventListener('abort', () => resolve([]), { once: true });
      });
    };
    const check = cachedCheck(humanHasRole('FinanceUser', failClosed), {
      ttlMs: 60_000,
      key: 'human',
    });
    const leaving = new AbortController();
    const first = check({ subject: subjectOf('alice'), signal: leaving.signal });
    leaving.abort(new Error('client left'));
    await expect(first).rejects.toThrow('client left');
    await expect(
      check({ subject: subjectOf('alice', { agentId: 'b' }), signal: staysOpen() }),
    ).resolves.toBe(true);
    expect(calls).toBe(2);
  });

  it('a request already aborted neither starts nor joins a lookup', async () => {
    const lookup = abortableLookup();
    const check = cachedCheck(humanHasRole('FinanceUser', lookup), { ttlMs: 60_000, key: 'human' });
    const gone = AbortSignal.abort(new Error('gone before'));
    await expect(check({ subject: subjectOf('alice'), signal: gone })).rejects.toThrow(
      'gone before',
    );
    expect(lookup.state.calls).toBe(0);
  });

  it('does not cache errors', async () => {
    let fail = true;
    const inner = counting(() => {
      if (fail) throw new Error('down');
      return true;
    });
    const check = cachedCheck(inner, { ttlMs: 1000 });
    await expect(ask(check, subjectOf('alice'))).rejects.toThrow('down');
    fail = false;
    expect(await ask(check, subjectOf('alice'))).toBe(true);
  });

  it('keeps at most maxEntries answers, oldest out first', async () => {
    const inner = counting(() => true);
    const check = cachedCheck(inner, { ttlMs: 10_000, maxEntries: 2 });
    for (const sub of ['a', 'b', 'c', 'a']) await ask(check, subjectOf(sub));
    expect(inner.state.calls).toBe(4);
    await ask(check, subjectOf('c'));
    expect(inner.state.calls).toBe(4);
  });

  it('by default an answer is never reused for another agent acting for the same human', async () => {
    const check = cachedCheck(agentHasRole('FinanceAgent'), { ttlMs: 10_000 });
    const allowed = subjectOf('alice', { agentId: 'finance-agent', roles: ['FinanceAgent'] });
    const intern = subjectOf('alice', { agentId: 'intern-agent', roles: [] });
    expect(await ask(check, allowed)).toBe(true);
    expect(await ask(check, intern)).toBe(false);
  });

  it("key 'human' shares answers across agents of one human", async () => {
    const inner = counting(() => true);
    const check = cachedCheck(inner, { ttlMs: 10_000, key: 'human' });
    await ask(check, subjectOf('a', { agentId: 'x' }));
    await ask(check, subjectOf('a', { agentId: 'y' }));
    expect(inner.state.calls).toBe(1);
  });

  it("key 'agent' shares answers across humans of one agent", async () => {
    const inner = counting(() => true);
    const check = cachedCheck(inner, { ttlMs: 10_000, key: 'agent' });
    await ask(check, subjectOf('a'));
    await ask(check, subjectOf('b'));
    expect(inner.state.calls).toBe(1);
  });

  it('wrong options → TypeError', () => {
    expect(() => cachedCheck(() => true, { ttlMs: 0 })).toThrow(TypeError);
    expect(() => cachedCheck(() => true, { ttlMs: 1000, key: 'nobody' as never })).toThrow(
      TypeError,
    );
    expect(() => cachedCheck(() => true, { ttlMs: 1000, key: 'toString' as never })).toThrow(
      TypeError,
    );
    expect(() => cachedCheck('x' as never, { ttlMs: 1000 })).toThrow(TypeError);
  });

  // wave32/newuser: `ttlMs: 60` (a minute meant, as seconds) cached each answer for 60 ms, so the
  // directory was asked again on nearly every request, without a word.
  it.each([1, 60, 99])('refuses ttlMs: %i as seconds given for milliseconds', (ttlMs) => {
    expect(() => cachedCheck(() => true, { ttlMs })).toThrow(
      new TypeError(
        'options.ttlMs must be in milliseconds: for 30 s pass 30_000 (values below 100 are refused as likely seconds)',
      ),
    );
  });

  it('takes ttlMs: 100 and more', () => {
    expect(typeof cachedCheck(() => true, { ttlMs: 100 })).toBe('function');
  });
});
