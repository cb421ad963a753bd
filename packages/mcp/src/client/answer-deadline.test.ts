import { ApiCallError, type Clock } from '@dual-auth/core';
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

/** A clock at one instant until `moveTo`, which fires the timers due by then. */
function movedClock() {
  let now = 0;
  const due: [number, () => void][] = [];
  const clock: Clock = {
    now: () => now,
    setTimer(atMs, fire) {
      const entry: [number, () => void] = [atMs, fire];
      due.push(entry);
      return () => due.splice(due.indexOf(entry) >>> 0, 1);
    },
  };
  const moveTo = (atMs: number): void => {
    now = atMs;
    for (const entry of due.filter(([at]) => at <= now)) {
      due.splice(due.indexOf(entry), 1);
      entry[1]();
    }
  };
  return { clock, moveTo, timers: () => due.length };
}

describe('answerDeadline on a clock with its own timer', () => {
  it('aborts with an ApiCallError when the clock reaches timeoutMs, not a moment before', () => {
    const { clock, moveTo } = movedClock();
    const deadline = answerDeadline(awaited, undefined, clock);
    moveTo(59_999);
    expect(deadline.signal.aborted).toBe(false);
    moveTo(60_000);
    expect(deadline.signal.aborted).toBe(true);
    const reason: unknown = deadline.signal.reason;
    expect(ApiCallError.isInstance(reason)).toBe(true);
    expect((reason as ApiCallError).message).toBe(
      'dualAuthFetch: GET https://api.example/ledger: no answer within 60000 ms (timeoutMs); check that the server is up and answering, or raise timeoutMs for a slow one',
    );
  });

  it('sets no timer once done, and the caller still aborts', () => {
    const { clock, moveTo, timers } = movedClock();
    const caller = new AbortController();
    const deadline = answerDeadline(awaited, caller.signal, clock);
    deadline.done();
    expect(timers()).toBe(0);
    moveTo(120_000);
    expect(deadline.signal.aborted).toBe(false);
    caller.abort(new Error('stop'));
    expect(deadline.signal.aborted).toBe(true);
  });
});
