import { describe, expect, it, vi } from 'vitest';
import { financeSubject } from '../test/support/finance-subject.js';
import { manualSleep } from '../test/support/manual-sleep.js';
import { authorize, type SubjectCheck } from './authorize.js';
import { cachedCheck } from './cached-check.js';

const subject = financeSubject;
const yes: SubjectCheck = () => true;
const no: SubjectCheck = async () => false;

describe('authorize: the dual-subject rule', () => {
  it.each([
    [yes, yes, 'ALLOW', undefined, 'authorized'],
    [no, yes, 'DENY', 'agent', 'agent_not_authorized'],
    [yes, no, 'DENY', 'human', 'human_not_authorized'],
    [no, no, 'DENY', 'both', 'agent_and_human_not_authorized'],
  ] as const)(
    'agent %#: decision and failed side',
    async (agentAllowed, humanAllowed, decision, failedSide, reason) => {
      const result = await authorize({ subject, agentAllowed, humanAllowed });
      expect(result).toMatchObject({ decision, failedSide, reason });
    },
  );

  it('runs both checks even when the first refuses, concurrently', async () => {
    const calls: string[] = [];
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const agentAllowed: SubjectCheck = async () => {
      calls.push('agent');
      await gate;
      return false;
    };
    const humanAllowed: SubjectCheck = () => {
      calls.push('human');
      release();
      return true;
    };
    const result = await authorize({ subject, agentAllowed, humanAllowed });
    expect(calls).toEqual(['agent', 'human']);
    expect(result.failedSide).toBe('agent');
  });

  it('a check that throws refuses its side (fail closed) as unavailable, and keeps the error', async () => {
    const boom = new Error('directory down');
    const result = await authorize({
      subject,
      agentAllowed: yes,
      humanAllowed: () => {
        throw boom;
      },
    });
    expect(result).toMatchObject({
      decision: 'DENY',
      failedSide: 'human',
      reason: 'human_check_unavailable',
      unsettled: 'check_unavailable',
    });
    expect(result.human).toEqual({ allowed: false, reason: 'check_failed', error: boom });
  });

  it('both checks throwing → agent_and_human_check_unavailable', async () => {
    const down: SubjectCheck = () => Promise.reject(new Error('down'));
    const result = await authorize({ subject, agentAllowed: down, humanAllowed: down });
    expect(result).toMatchObject({
      failedSide: 'both',
      reason: 'agent_and_human_check_unavailable',
      unsettled: 'check_unavailable',
    });
  });

  it.each([
    ['Promise.reject()', () => Promise.reject()],
    [
      'throw undefined',
      () => {
        throw undefined;
      },
    ],
    [
      'throw null',
      () => {
        throw null;
      },
    ],
  ] as [string, SubjectCheck][])(
    'a check that fails with no reason (%s) is unavailable, not a refusal, beside an outage of the other side',
    async (_, humanAllowed) => {
      const result = await authorize({
        subject,
        agentAllowed: () => Promise.reject(new Error('policy service down')),
        humanAllowed,
      });
      expect(result).toMatchObject({
        decision: 'DENY',
        failedSide: 'both',
        reason: 'agent_and_human_check_unavailable',
        unsettled: 'check_unavailable',
      });
      expect(result.human).toMatchObject({ allowed: false, reason: 'check_failed' });
      expect(Object.hasOwn(result.human, 'error')).toBe(true);
    },
  );

  it('a refusal stands when the other side throws: the refused side alone fails', async () => {
    const result = await authorize({
      subject,
      agentAllowed: no,
      humanAllowed: () => Promise.reject(new Error('directory down')),
    });
    expect(result).toMatchObject({
      decision: 'DENY',
      failedSide: 'agent',
      reason: 'agent_not_authorized',
    });
    expect(result.unsettled).toBeUndefined();
    expect(result.human.reason).toBe('check_failed');
  });

  it('a hop that says no decides over an agent check that threw', async () => {
    const result = await authorize({
      subject,
      agentAllowed: () => Promise.reject(new Error('policy service down')),
      humanAllowed: yes,
      hopAllowed: () => false,
    });
    expect(result).toMatchObject({
      failedSide: 'agent',
      reason: 'agent_not_authorized',
      agent: { allowed: false, reason: 'hop_not_authorized' },
    });
  });

  // The request's client gone (AbortError) is no outage; an app's deadline signal (TimeoutError)
  // leaves a client that still waits: 503, check unavailable.
  it.each([
    [
      'the client gone (AbortError) → request_aborted, not a refusal',
      new DOMException('client left', 'AbortError'),
      { reason: 'request_aborted', unsettled: 'aborted', human: { reason: 'check_aborted' } },
    ],
    [
      'an app’s deadline (TimeoutError) → check unavailable (503)',
      new DOMException('The check took too long', 'TimeoutError'),
      {
        reason: 'human_check_unavailable',
        unsettled: 'check_unavailable',
        human: { reason: 'check_failed' },
      },
    ],
  ])('a check ended by the request’s signal: %s', async (_, reason, expected) => {
    const controller = new AbortController();
    const result = authorize({
      subject,
      agentAllowed: yes,
      humanAllowed: ({ signal }) =>
        new Promise((_, reject) => {
          signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
        }),
      signal: controller.signal,
    });
    controller.abort(reason);
    expect(await result).toMatchObject({
      decision: 'DENY',
      failedSide: 'human',
      ...expected,
      human: { allowed: false, ...expected.human },
    });
  });

  it('takes a check’s own reason, and treats anything but true / {allowed: true} as no', async () => {
    const result = await authorize({
      subject,
      agentAllowed: () => ({ allowed: true, reason: 'role FinanceAgent' }),
      humanAllowed: () => 'yes' as never,
    });
    expect(result.agent).toEqual({ allowed: true, reason: 'role FinanceAgent' });
    expect(result.human.allowed).toBe(false);
  });

  it('passes the subject, and a signal that follows the request’s, to each check', async () => {
    const controller = new AbortController();
    const seen: { subject: unknown; signal: AbortSignal | undefined }[] = [];
    const spy: SubjectCheck = ({ subject, signal }) => {
      seen.push({ subject, signal });
      return true;
    };
    await authorize({ subject, agentAllowed: spy, humanAllowed: spy, signal: controller.signal });
    expect(seen.map((state) => state.subject)).toEqual([subject, subject]);
    controller.abort(new DOMException('client left', 'AbortError'));
    expect(seen.map((state) => state.signal?.reason?.message)).toEqual([
      'client left',
      'client left',
    ]);
  });

  it('wrong arguments → TypeError', async () => {
    await expect(authorize({ subject, agentAllowed: yes } as never)).rejects.toThrow(TypeError);
    await expect(
      authorize({ subject: {} as never, agentAllowed: yes, humanAllowed: yes }),
    ).rejects.toThrow(TypeError);
  });
});

describe('authorize: the checks never hang', () => {
  const never: (seen: AbortSignal[]) => SubjectCheck =
    (seen) =>
    ({ signal }) => {
      if (signal !== undefined) seen.push(signal);
      // Deaf to its signal, as a directory call without a timeout.
      return new Promise<boolean>(() => {});
    };

  it('a check that never settles → at the deadline its signal aborts with a TimeoutError and its side is unavailable', async () => {
    const { sleep, waits, elapse } = manualSleep();
    const seen: AbortSignal[] = [];
    const result = authorize({
      subject,
      agentAllowed: yes,
      humanAllowed: never(seen),
      checkTimeoutMs: 2_000,
      sleep,
    });
    await vi.waitFor(() => expect(waits).toHaveLength(1));
    expect(waits[0]?.ms).toBe(2_000);
    expect(seen[0]?.aborted).toBe(false);
    elapse();
    const outcome = await result;
    expect(outcome).toMatchObject({
      decision: 'DENY',
      failedSide: 'human',
      reason: 'human_check_unavailable',
      unsettled: 'check_unavailable',
      agent: { allowed: true },
      human: { allowed: false, reason: 'check_failed' },
    });
    expect(outcome.human.error).toBeInstanceOf(DOMException);
    expect(outcome.human.error).toMatchObject({ name: 'TimeoutError' });
    expect(seen[0]?.reason).toMatchObject({ name: 'TimeoutError' });
  });

  it('a refusal still decides beside a check that timed out, as beside one that threw', async () => {
    const { sleep, elapse, waits } = manualSleep();
    const result = authorize({ subject, agentAllowed: no, humanAllowed: never([]), sleep });
    await vi.waitFor(() => expect(waits).toHaveLength(1));
    elapse();
    expect(await result).toMatchObject({ failedSide: 'agent', reason: 'agent_not_authorized' });
  });

  it('waits 10 000 ms by default, and cancels the wait once the checks settle', async () => {
    const { sleep, waits } = manualSleep();
    expect(await authorize({ subject, agentAllowed: yes, humanAllowed: no, sleep })).toMatchObject({
      reason: 'human_not_authorized',
    });
    expect(waits).toHaveLength(1);
    expect(waits[0]?.ms).toBe(10_000);
    expect(waits[0]?.signal?.aborted).toBe(true);
  });

  it('starts no deadline while every check answers synchronously, one wait once any is pending', async () => {
    const { sleep, waits } = manualSleep();
    const hopAllowed = () => true;
    expect(
      await authorize({ subject, agentAllowed: yes, humanAllowed: yes, hopAllowed, sleep }),
    ).toMatchObject({ decision: 'ALLOW' });
    expect(waits).toHaveLength(0);
    expect(
      await authorize({ subject, agentAllowed: no, humanAllowed: no, hopAllowed: no, sleep }),
    ).toMatchObject({ reason: 'agent_and_human_not_authorized' });
    expect(waits).toHaveLength(1);
    expect(waits[0]?.signal?.aborted).toBe(true);
  });

  it('a cachedCheck answer still fresh is given synchronously: no deadline started for it', async () => {
    const { sleep, waits } = manualSleep();
    const humanAllowed = cachedCheck(async () => true, { ttlMs: 60_000, key: 'human' });
    await authorize({ subject, agentAllowed: yes, humanAllowed, sleep });
    expect(waits).toHaveLength(1);
    expect(await authorize({ subject, agentAllowed: yes, humanAllowed, sleep })).toMatchObject({
      decision: 'ALLOW',
    });
    expect(waits).toHaveLength(1);
  });

  it('a hop check pending past the deadline → its signal aborts with a TimeoutError', async () => {
    const { sleep, waits, elapse } = manualSleep();
    const seen: AbortSignal[] = [];
    const result = authorize({
      subject,
      agentAllowed: yes,
      humanAllowed: yes,
      hopAllowed: never(seen) as never,
      sleep,
    });
    await vi.waitFor(() => expect(waits).toHaveLength(1));
    elapse();
    expect(await result).toMatchObject({ reason: 'agent_check_unavailable' });
    expect(seen[0]?.reason).toMatchObject({ name: 'TimeoutError' });
  });

  it('a request aborted during a check that ignores its signal → request_aborted at once', async () => {
    const { sleep } = manualSleep();
    const controller = new AbortController();
    const result = authorize({
      subject,
      agentAllowed: yes,
      humanAllowed: never([]),
      signal: controller.signal,
      sleep,
    });
    controller.abort(new DOMException('client left', 'AbortError'));
    expect(await result).toMatchObject({ reason: 'request_aborted', unsettled: 'aborted' });
  });

  it.each([
    ['seconds written as milliseconds', { checkTimeoutMs: 10 }],
    ['a string', { checkTimeoutMs: '10000' }],
    ['a sleep that is no function', { sleep: 1000 }],
  ])('%s → TypeError', async (_name, bad) => {
    await expect(
      authorize({ subject, agentAllowed: yes, humanAllowed: yes, ...(bad as object) }),
    ).rejects.toThrow(TypeError);
  });
});
