import { ApiCallError } from '@dual-auth/core';
import { heldClock } from '@dual-auth/testing';
import { describe, expect, it } from 'vitest';
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
