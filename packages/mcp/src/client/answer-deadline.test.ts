import { ApiCallError } from '@dual-auth/core';
import { heldClock } from '@dual-auth/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { answerDeadline } from './answer-deadline.js';

// The deadline is the injected clock's: a clock with its own timers (core's `Clock.setTimer`)
// passes it by moving, with no wall time spent, however long the real timer would have been.

const awaited = {
  who: 'dualAuthFetch',
  method: 'GET',
  url: new URL('https://api.example/ledger?id=7'),
  reason: 'timeout',
  timeoutMs: 60_000,
} as const;

describe('answerDeadline on a clock with its own timer', () => {
  it('aborts with an ApiCallError when the clock reaches timeoutMs, not a moment before', () => {
    const clock = heldClock(0);
    const deadline = answerDeadline(awaited, undefined, clock);
    clock.advance(59_999);
    expect(deadline.signal.aborted).toBe(false);
    clock.advance(1);
    expect(deadline.signal.aborted).toBe(true);
    const reason: unknown = deadline.signal.reason;
    expect(ApiCallError.isInstance(reason)).toBe(true);
    expect((reason as ApiCallError).message).toBe(
      'dualAuthFetch: GET https://api.example/ledger: no answer within 60000 ms (timeoutMs); check that the server is up and answering, or raise timeoutMs for a slow one',
    );
  });

  it('sets no timer once done, and the caller still aborts', () => {
    const clock = heldClock(0);
    const caller = new AbortController();
    const deadline = answerDeadline(awaited, caller.signal, clock);
    deadline.done();
    expect(clock.pendingTimers()).toBe(0);
    clock.advance(120_000);
    expect(deadline.signal.aborted).toBe(false);
    caller.abort(new Error('stop'));
    expect(deadline.signal.aborted).toBe(true);
  });
});

// Session 38 (wave38/backstop): on a clock without setTimer that stood still, the deadline never
// passed: a dualAuthFetch or a tool's callApi to a server that never answered waited for ever.
describe('answerDeadline on a clock without its own timer that stands still', () => {
  afterEach(() => vi.useRealTimers());

  it('waits while real time runs up to twice timeoutMs, then aborts saying the clock did not move', () => {
    vi.useFakeTimers();
    const deadline = answerDeadline(awaited, undefined, { now: () => 1_000_000 });
    vi.advanceTimersByTime(119_999); // 60 000 ms of wait, and as long again
    expect(deadline.signal.aborted).toBe(false);
    vi.advanceTimersByTime(1);
    expect(deadline.passed).toBe(true);
    const reason: unknown = deadline.signal.reason;
    expect(ApiCallError.isInstance(reason)).toBe(true);
    expect(reason).toMatchObject({ reason: 'timeout', method: 'GET' });
    expect((reason as ApiCallError).message).toBe(
      'dualAuthFetch: GET https://api.example/ledger: no answer (timeoutMs): the injected clock did not move while real time ran well past the wait: give the clock a setTimer, or let its now() advance',
    );
    expect(vi.getTimerCount()).toBe(0);
  });
});
