import { type DelegationCutoffStore, InMemoryDelegationCutoffStore } from '@dual-auth/core';
import type { DualSubject } from '@dual-auth/resource';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { atDelegationCutoff, atStreamEnd } from './at-token-expiry.js';

const IAT_MS = 1_800_000_000_000;

/** A subject whose token was issued at `IAT_MS`, for the human `00u-alice`. */
const subject = {
  agent: { id: 'finance-agent', raw: { iat: IAT_MS / 1000, exp: IAT_MS / 1000 + 3600 } },
  human: { sub: '00u-alice', raw: { sub: '00u-alice' } },
} as unknown as DualSubject;

/**
 * A clock at `IAT_MS + 60 s` whose timers the test fires, and the store's reads counted; the guard
 * judges as one of an IdP that dates `iat` back 5 min (Entra ID), with a 15 s tolerance, and reads
 * the human's ids case-folded too with `humanIdsIgnoreCase`; the stream is `of`'s.
 */
function recheckOf(store: DelegationCutoffStore, humanIdsIgnoreCase = false, of = subject) {
  const timers: { atMs: number; fire: () => void; done: boolean }[] = [];
  const clock = {
    now: () => IAT_MS + 60_000,
    setTimer(atMs: number, fire: () => void) {
      const timer = {
        atMs,
        done: false,
        fire() {
          timer.done = true;
          fire();
        },
      };
      timers.push(timer);
      return () => {
        timer.done = true;
      };
    },
  };
  /** The timers neither fired nor cancelled. */
  const armed = () => timers.filter((timer) => !timer.done);
  let ended = 0;
  const logger = { debug() {}, info() {}, warn() {}, error() {} };
  const cancel = atDelegationCutoff(
    of,
    clock,
    {
      cutoff: {
        cutoffOf: store.cutoffOf.bind(store),
        iatBackdateSeconds: 300,
        clockToleranceSeconds: 15,
        humanIdsIgnoreCase,
      },
      intervalMs: 1_000,
      logger,
    },
    () => void ended++,
  );
  return { timers, armed, ended: () => ended, cancel };
}

describe('atDelegationCutoff: which cut-off ends an open stream', () => {
  // An IdP that dates `iat` back (Entra ID: 5 min) has its token admitted by the guard although
  // its `iat` is before a cut-off recorded just before it was minted (a new sign-in after the
  // cut-off): that cut-off, read as the stream opens, does not end it.
  it('goes on under the cut-off read as the stream opened, and ends at a later one', async () => {
    const store = new InMemoryDelegationCutoffStore();
    await store.endDelegation('00u-alice', IAT_MS + 100_000, 86_400_000);
    const { timers, armed, ended } = recheckOf(store);
    await expect.poll(() => timers.length).toBe(1);
    // The read as it opens answers before the next is due (a store that has not is down).
    await new Promise((resolve) => setImmediate(resolve));
    timers[0]?.fire();
    await expect.poll(() => timers.length).toBe(2);
    expect(ended()).toBe(0);
    await store.endDelegation('00u-alice', IAT_MS + 200_000, 86_400_000);
    timers[1]?.fire();
    await expect.poll(() => ended()).toBe(1);
    expect(armed()).toEqual([]);
  });

  // The guard refuses a token under a cut-off recorded at or after its `iat` plus the backdate
  // (less the tolerance): one read as the stream opens was recorded after the guard read the store.
  it('ends at once under a cut-off the guard would refuse the token under', async () => {
    const store = new InMemoryDelegationCutoffStore();
    await store.endDelegation('00u-alice', IAT_MS + 285_000, 86_400_000);
    const { armed, ended } = recheckOf(store);
    await expect.poll(() => ended()).toBe(1);
    expect(armed()).toEqual([]);
  });

  // Session 37: where the agent wrote the human's UPN in another case (Entra ID's bound act
  // assertion), the stream re-read the cut-off under that spelling only, and outlived the cut-off
  // `endDelegation` keeps under the folded UPN too; a guard whose IdP ignores case reads it.
  it('ends at the cut-off kept under the folded id, for a human named in another case', async () => {
    const upper = { ...subject, human: { sub: 'ALICE@CONTOSO.EXAMPLE', raw: {} } } as DualSubject;
    const store = new InMemoryDelegationCutoffStore();
    const { timers, ended } = recheckOf(store, true, upper);
    await expect.poll(() => timers.length).toBe(1);
    await new Promise((resolve) => setImmediate(resolve));
    await store.endDelegation('alice@contoso.example', IAT_MS + 120_000, 86_400_000);
    timers[0]?.fire();
    await expect.poll(() => ended()).toBe(1);
  });

  it('is not ended by a cut-off recorded later but dated before the token was issued', async () => {
    const store = new InMemoryDelegationCutoffStore();
    const { timers, ended } = recheckOf(store);
    await expect.poll(() => timers.length).toBe(1);
    await new Promise((resolve) => setImmediate(resolve));
    await store.endDelegation('00u-alice', IAT_MS - 1, 86_400_000);
    timers[0]?.fire();
    await expect.poll(() => timers.length).toBe(2);
    expect(ended()).toBe(0);
  });

  it('a store that answers no time ends it (fail closed); a cancelled re-check arms no timer', async () => {
    let reads = 0;
    const store = {
      endDelegation: async () => undefined,
      cutoffOf: async () => (++reads === 1 ? undefined : (Number.NaN as never)),
    };
    const failing = recheckOf(store);
    await expect.poll(() => failing.timers.length).toBe(1);
    await new Promise((resolve) => setImmediate(resolve));
    failing.timers[0]?.fire();
    await expect.poll(() => failing.ended()).toBe(1);

    const quiet = recheckOf({
      endDelegation: async () => undefined,
      cutoffOf: async () => undefined,
    });
    await expect.poll(() => quiet.timers.length).toBe(1);
    quiet.cancel();
    quiet.timers[0]?.fire();
    await new Promise((resolve) => setImmediate(resolve));
    expect(quiet.timers).toHaveLength(1);
    expect(quiet.ended()).toBe(0);
  });
});

describe('atDelegationCutoff: a failing logger', () => {
  it('still ends the stream of a store that does not answer, and nothing rejects unhandled', async () => {
    const store = {
      endDelegation: async () => undefined,
      cutoffOf: async (): Promise<number | undefined> => {
        throw new Error('down');
      },
    };
    const logger = {
      debug() {},
      info() {},
      warn() {
        throw new Error('the log sink is full');
      },
      error() {},
    };
    let ended = 0;
    atDelegationCutoff(
      subject,
      { now: () => IAT_MS, setTimer: () => () => undefined },
      {
        cutoff: {
          cutoffOf: store.cutoffOf.bind(store),
          iatBackdateSeconds: 0,
          clockToleranceSeconds: 15,
        },
        intervalMs: 1_000,
        logger,
      },
      () => void ended++,
    );
    await expect.poll(() => ended).toBe(1);
  });
});

// Review (wave 30, reviewmcp): a clock that told the time when the server was made and then answers
// no number (NaN) armed each re-read on a real timer of NaN ms, which Node fires at once: a store
// that answers at once was read over and over, and the stream never ended. It ends (fail closed).
describe('atDelegationCutoff: a clock that stops telling the time', () => {
  it('ends the stream at the next re-read rather than reading the store in a loop', async () => {
    let reads = 0;
    let now = IAT_MS + 60_000;
    const store = {
      endDelegation: async () => undefined,
      cutoffOf: async () => {
        reads++;
        return undefined;
      },
    };
    const logger = { debug() {}, info() {}, warn() {}, error() {} };
    let ended = 0;
    const cutoff = {
      cutoffOf: store.cutoffOf.bind(store),
      iatBackdateSeconds: 0,
      clockToleranceSeconds: 15,
    };
    const cancel = atDelegationCutoff(
      subject,
      { now: () => now },
      { cutoff, intervalMs: 100, logger },
      () => void ended++,
    );
    await expect.poll(() => reads).toBe(1);
    now = Number.NaN;
    await expect.poll(() => ended, { timeout: 3_000 }).toBe(1);
    expect(reads).toBeLessThanOrEqual(2);
    cancel();
  });
});

// Review (wave 30, cutoffread): on real timers the expiry timer waits the duration it computed as
// the stream opened; a wall clock that then jumps forward (NTP, a resumed VM) left the stream open
// past its token's `exp` by the jump. The re-check, which reads the clock each time, ends it.
describe('atStreamEnd: a wall clock that jumps past the token’s exp', () => {
  it('ends the stream at the next re-check, on real timers', async () => {
    let now = IAT_MS + 60_000;
    const store = new InMemoryDelegationCutoffStore({ clock: { now: () => now } });
    const logger = { debug() {}, info() {}, warn() {}, error() {} };
    let ended = 0;
    const cancel = atStreamEnd(
      subject,
      { now: () => now },
      {
        cutoff: {
          cutoffOf: store.cutoffOf.bind(store),
          iatBackdateSeconds: 0,
          clockToleranceSeconds: 15,
        },
        intervalMs: 100,
        logger,
      },
      () => void ended++,
    );
    // The clock jumps 2 h forward: the token (1 h of life) is past its exp, its timer still ~1 h out.
    now += 7_200_000;
    await expect.poll(() => ended, { timeout: 3_000 }).toBe(1);
    cancel();
  });
});

// Review (wave 31, actonce): a stream whose guard has no cut-off store had only the expiry timer,
// armed once for the wait the clock gave as it opened: a wall clock that jumped forward (or a timer
// that fired late) kept it open past `exp`. It now reads the clock every second until `exp`.
describe('atStreamEnd without a cut-off store: a wall clock that jumps past the token’s exp', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('ends the stream within a second of the clock passing exp, its first timer still ~1 h out', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    let now = IAT_MS + 60_000;
    let ended = 0;
    const cancel = atStreamEnd(subject, { now: () => now }, undefined, () => void ended++);
    vi.advanceTimersByTime(5_000);
    expect(ended).toBe(0);
    // The clock jumps 2 h forward: the token (1 h of life) is past its exp.
    now += 7_200_000;
    vi.advanceTimersByTime(1_000);
    expect(ended).toBe(1);
    vi.advanceTimersByTime(7_200_000);
    expect(ended).toBe(1);
    expect(vi.getTimerCount()).toBe(0);
    cancel();
  });

  it('still ends at exp on its timers when the clock goes back, and ends a clock that fails', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    let now = IAT_MS + 60_000;
    let ended = 0;
    atStreamEnd(subject, { now: () => now }, undefined, () => void ended++);
    now -= 7_200_000;
    vi.advanceTimersByTime(3_540_000 - 1);
    expect(ended).toBe(0);
    vi.advanceTimersByTime(1);
    expect(ended).toBe(1);
    let failing = false;
    const clock = {
      now: () => {
        if (failing) throw new Error('clock down');
        return IAT_MS + 60_000;
      },
    };
    atStreamEnd(subject, clock, undefined, () => void ended++);
    failing = true;
    vi.advanceTimersByTime(1_000);
    expect(ended).toBe(2);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('cancels its timer when the stream closes first', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    let ended = 0;
    const cancel = atStreamEnd(
      subject,
      { now: () => IAT_MS + 60_000 },
      undefined,
      () => void ended++,
    );
    vi.advanceTimersByTime(10_500);
    cancel();
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(3_600_000);
    expect(ended).toBe(0);
  });
});

// Review (wave 31, reviewact): a clock that answers -Infinity (or a huge negative number) as the
// stream opens gave an infinite wait, and every later read found `exp` not reached: the stream
// stayed open for ever, where a clock answering NaN or throwing ends it (fail closed).
describe('atStreamEnd without a cut-off store: a clock that tells no finite time', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it.each([
    ['-Infinity', Number.NEGATIVE_INFINITY],
    ['NaN', Number.NaN],
    ['a string', 'soon' as unknown as number],
  ])('ends the stream at its first wake-up when the clock answers %s', (_, answer) => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    let ended = 0;
    atStreamEnd(subject, { now: () => answer }, undefined, () => void ended++);
    vi.advanceTimersByTime(1_000);
    expect(ended).toBe(1);
    expect(vi.getTimerCount()).toBe(0);
  });
});
