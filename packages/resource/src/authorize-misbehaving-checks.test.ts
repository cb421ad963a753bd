// authorize with checks that misbehave (thenables, synchronous throws, aborts): never a hang,
// never an ALLOW on an error, and a check past its deadline answered as unavailable (503).
import { describe, expect, it, vi } from 'vitest';
import { financeSubject as subject } from '../test/support/finance-subject.js';
import { manualSleep } from '../test/support/manual-sleep.js';
import { authorize, type SubjectCheck } from './authorize.js';
import { cachedCheck } from './cached-check.js';

// Thenables on purpose: a check may answer with any PromiseLike.
/** An object whose `then` is `then`. */
const thenable = (then: (...args: never[]) => void): object =>
  Object.defineProperty({}, 'then', { value: then });

const yes: SubjectCheck = () => true;
const unavailable = { decision: 'DENY', unsettled: 'check_unavailable' } as const;

describe('authorize with misbehaving checks', () => {
  it('a thenable that never calls back is refused as unavailable at the deadline', async () => {
    const { sleep, waits, elapse } = manualSleep();
    const never = (() => thenable(() => {})) as unknown as SubjectCheck;
    const result = authorize({ subject, agentAllowed: yes, humanAllowed: never, sleep });
    await vi.waitFor(() => expect(waits).toHaveLength(1));
    elapse();
    expect(await result).toMatchObject({ ...unavailable, failedSide: 'human' });
  });

  it('a thenable that resolves to a thenable that never settles is refused at the deadline', async () => {
    const { sleep, waits, elapse } = manualSleep();
    const nested = (() => Promise.resolve(thenable(() => {}))) as unknown as SubjectCheck;
    const result = authorize({ subject, agentAllowed: nested, humanAllowed: yes, sleep });
    await vi.waitFor(() => expect(waits).toHaveLength(1));
    elapse();
    expect(await result).toMatchObject({ ...unavailable, failedSide: 'agent' });
  });

  it('a thenable that settles synchronously (true) is an ALLOW; one that calls back twice keeps the first answer', async () => {
    const sync = (() =>
      thenable((ok: (v: boolean) => void, no: (e: unknown) => void) => {
        ok(true);
        no(new Error('late'));
        ok(false);
      })) as unknown as SubjectCheck;
    expect(await authorize({ subject, agentAllowed: sync, humanAllowed: yes })).toMatchObject({
      decision: 'ALLOW',
    });
  });

  it.each([
    [
      'throws synchronously',
      () => {
        throw new Error('directory down');
      },
    ],
    [
      'has a then getter that throws',
      () =>
        Object.defineProperty({}, 'then', {
          get() {
            throw new Error('boom');
          },
        }),
    ],
    [
      'has a then that throws',
      () =>
        thenable(() => {
          throw new Error('boom');
        }),
    ],
    [
      'throws undefined',
      () => {
        throw undefined;
      },
    ],
    ['rejects with null', () => Promise.reject(null)],
    [
      'returns a Proxy whose every property read throws',
      () =>
        new Proxy(
          {},
          {
            get() {
              throw new Error('trap');
            },
          },
        ),
    ],
  ])('a check that %s is never an ALLOW: unavailable', async (_name, check) => {
    const result = await authorize({
      subject,
      agentAllowed: yes,
      humanAllowed: check as unknown as SubjectCheck,
    });
    expect(result).toMatchObject({ ...unavailable, failedSide: 'human' });
  });

  it.each([
    ['the string "true"', 'true'],
    ['1', 1],
    ['{ allowed: "yes" }', { allowed: 'yes' }],
    ['null', null],
    ['an array [true]', [true]],
  ])('an answer of %s is a refusal, not an ALLOW', async (_name, answer) => {
    const result = await authorize({
      subject,
      agentAllowed: yes,
      humanAllowed: (() => answer) as unknown as SubjectCheck,
    });
    expect(result).toMatchObject({ decision: 'DENY', failedSide: 'human' });
  });

  it('a check rejecting after the request signal aborted → request_aborted, never ALLOW', async () => {
    const controller = new AbortController();
    let reject: (error: unknown) => void = () => {};
    const late: SubjectCheck = () =>
      new Promise((_resolve, no) => {
        reject = no;
      });
    const result = authorize({
      subject,
      agentAllowed: yes,
      humanAllowed: late,
      signal: controller.signal,
    });
    controller.abort(new DOMException('client left', 'AbortError'));
    reject(new Error('directory down'));
    expect(await result).toMatchObject({ decision: 'DENY', reason: 'request_aborted' });
  });

  it('a request signal aborted before authorize: a pending check ends at once as request_aborted', async () => {
    const { sleep } = manualSleep();
    const result = await authorize({
      subject,
      agentAllowed: yes,
      humanAllowed: () => new Promise<boolean>(() => {}),
      signal: AbortSignal.abort(new DOMException('gone', 'AbortError')),
      sleep,
    });
    expect(result).toMatchObject({ decision: 'DENY', reason: 'request_aborted' });
  });

  it('a cachedCheck hit cannot turn a cached refusal into an ALLOW, and a refusal is cached like a yes', async () => {
    let calls = 0;
    const humanAllowed = cachedCheck(
      async () => {
        calls += 1;
        return { allowed: false, reason: 'not_in_group' };
      },
      { ttlMs: 60_000, key: 'human' },
    );
    for (const _ of [1, 2]) {
      expect(await authorize({ subject, agentAllowed: yes, humanAllowed })).toMatchObject({
        decision: 'DENY',
        failedSide: 'human',
        human: { reason: 'not_in_group' },
      });
    }
    expect(calls).toBe(1);
  });

  it('a hop check that never settles while the agent and human answer synchronously is refused at the deadline', async () => {
    const { sleep, waits, elapse } = manualSleep();
    const result = authorize({
      subject,
      agentAllowed: yes,
      humanAllowed: yes,
      hopAllowed: () => new Promise<boolean>(() => {}),
      sleep,
    });
    await vi.waitFor(() => expect(waits).toHaveLength(1));
    elapse();
    expect(await result).toMatchObject({ ...unavailable, reason: 'agent_check_unavailable' });
  });
});
