import {
  type Clock,
  cutoffIdsOf,
  cutoffIssuedAtSeconds,
  type DelegationCutoffStore,
  errorClassOf,
  humanIdForLogging,
  issuedBeforeCutoff,
  type Logger,
  latestCutoffOf,
  StoreUnavailableError,
} from '@dual-auth/core';
import type { DualAuthGuard, DualSubject } from '@dual-auth/resource';

// setTimeout's longest delay: a longer wait is made of several.
const LONGEST_TIMER_MS = 2_147_483_647;

const noop = (): void => undefined;

// How often a stream without a cut-off store reads the clock until its token's `exp`.
const EXPIRY_CLOCK_READ_MS = 1_000;

/**
 * Calls `fire` once, when `clock` reaches `atMs`: on the clock's own timer when it offers one
 * (`Clock.setTimer`, a test's controlled clock), else on real ones. On real timers it fires when
 * the wait `clock` gave as it was armed has passed (a clock set back meanwhile waits no longer),
 * or earlier at a read of `clock` every `clockReadMs` that finds `atMs` reached (a wall clock that
 * jumped forward, a timer that fired late), or that fails (fail closed). Returns a function that
 * cancels it.
 */
function timerAt(
  clock: Clock,
  atMs: number,
  fire: () => void,
  clockReadMs = LONGEST_TIMER_MS,
): () => void {
  if (typeof clock.setTimer === 'function') return clock.setTimer(atMs, fire);
  let timer: ReturnType<typeof setTimeout> | undefined;
  // A clock that tells no finite time (NaN, -Infinity, no number) fires at the first wake-up: an
  // infinite wait would never pass, and no later read would find `atMs` reached (fail closed).
  let waitMs = Math.max(atMs - clock.now(), 0);
  if (!Number.isFinite(waitMs)) waitMs = 0;
  const arm = (): void => {
    const sliceMs = Math.min(waitMs, clockReadMs, LONGEST_TIMER_MS);
    timer = setTimeout(() => {
      waitMs -= sliceMs;
      let reached = true;
      try {
        reached = !(waitMs > 0 && clock.now() < atMs);
      } catch {}
      if (reached) fire();
      else arm();
    }, sliceMs);
  };
  arm();
  return () => clearTimeout(timer);
}

/**
 * Calls `end` once, when the access token of `subject` expires (its `exp`, on `clock`): on the
 * clock's own timer when it offers one (`Clock.setTimer`, a test's controlled clock), else on real
 * ones that read `clock` every second, so that a wall clock that jumps past `exp` (or a timer that
 * fires late) ends it within a second. Returns a function that cancels it. A token without a
 * numeric `exp` (an opaque token whose introspection gave none) is never ended here.
 */
export function atTokenExpiry(subject: DualSubject, clock: Clock, end: () => void): () => void {
  const exp = subject.agent.raw.exp;
  if (typeof exp !== 'number' || !Number.isFinite(exp)) return noop;
  return timerAt(clock, exp * 1000, end, EXPIRY_CLOCK_READ_MS);
}

/** The guard's delegation cut-off, as it gives it: see `DualAuthGuard.delegationCutoff`. */
export type GuardCutoff = NonNullable<DualAuthGuard['delegationCutoff']>;

/** How a server-sent stream is ended before its token's `exp`: an ended delegation. */
export interface DelegationRecheck {
  /**
   * The guard's cut-off (its `delegationCutoff`): the read of its store (`cutoffOf`, where
   * `endDelegation` wrote), and how it judges a token against a cut-off, which the first read ends
   * the stream by.
   */
  readonly cutoff: GuardCutoff;
  /** How long between two reads of the human's cut-off, in ms. */
  readonly intervalMs: number;
  /** Gets `dual_auth_stream_cutoff_unavailable`. */
  readonly logger: Logger;
}

/**
 * Calls `end` once, when the delegation of `subject`'s human is found ended: the human's cut-off
 * (under each of the human's ids, `cutoffIdsOf`, folded too with the guard's `humanIdsIgnoreCase`) is read with the guard's `cutoffOf` at once, then every
 * `intervalMs` of `clock`, one timer at a time. A cut-off later than the one first read, at or
 * after the token's `iat`, ends it; so does a first one the guard would refuse the token under
 * (its IdP's backdate and its clock tolerance: recorded after the guard read the store). A store
 * that throws, answers no time, or has not answered a read when the next is due (`intervalMs`
 * after it started: a store that hangs) ends it too (fail closed), logged as
 * `dual_auth_stream_cutoff_unavailable` (IAM ids only). So does a `clock` whose `now()` stops
 * answering a finite number (no next read could be timed), and a read due at or after the token's
 * `exp` on `clock` (a wall clock that jumped forward, which a real expiry timer does not see).
 * Returns a function that cancels it.
 */
export function atDelegationCutoff(
  subject: DualSubject,
  clock: Clock,
  { cutoff, intervalMs, logger }: DelegationRecheck,
  end: () => void,
): () => void {
  const iat = subject.agent.raw.iat;
  const iatMs = typeof iat === 'number' && Number.isFinite(iat) ? iat * 1000 : undefined;
  const exp = subject.agent.raw.exp;
  const expMs = typeof exp === 'number' && Number.isFinite(exp) ? exp * 1000 : undefined;
  const ids = cutoffIdsOf(subject.human, cutoff.humanIdsIgnoreCase === true);
  // Only its read: core's `latestCutoffOf` calls nothing else of a store.
  const store = { cutoffOf: cutoff.cutoffOf } as DelegationCutoffStore;
  let over = false;
  let cancelTimer = noop;
  let first = true;
  let openedUnder: number | undefined;
  const endsToken = (cutoffMs: number | undefined): boolean => {
    if (cutoffMs === undefined) return false;
    if (first) {
      if (iatMs === undefined) return false;
      // Refused by the guard now: recorded after it read the store, and a reconnection fails too.
      const issuedSeconds = cutoffIssuedAtSeconds(iatMs / 1000, cutoff.iatBackdateSeconds);
      return issuedBeforeCutoff(issuedSeconds, cutoffMs, cutoff.clockToleranceSeconds);
    }
    // A token without `iat` (an introspection that gave none) ends at any cut-off recorded since.
    return (openedUnder === undefined || cutoffMs > openedUnder) && (iatMs ?? 0) <= cutoffMs;
  };
  const finish = (): void => {
    over = true;
    cancelTimer();
    end();
  };
  const unavailable = (error: unknown): void => {
    finish();
    logger.warn('dual_auth_stream_cutoff_unavailable', {
      agent_id: subject.agent.id,
      human_id: humanIdForLogging(subject.human),
      error_type: errorClassOf(error),
    });
  };
  // Whether a read has not answered yet: the next tick finds it so after a whole interval.
  let pending = false;
  const read = async (): Promise<void> => {
    let cutoffMs: number | undefined;
    try {
      cutoffMs = await latestCutoffOf(store, ids);
    } catch (error) {
      if (!over) unavailable(error);
      return;
    }
    pending = false;
    if (over) return;
    if (endsToken(cutoffMs)) return finish();
    if (first) openedUnder = cutoffMs;
    first = false;
  };
  // Each read is timed from its start, on the one timer the stream has: a store that has not
  // answered when the next read is due (it hangs) ends the stream too, and no reads pile up.
  const run = (): void => {
    if (over) return;
    const nowMs = clock.now();
    // On real timers the expiry timer waits what it computed as the stream opened: a wall clock
    // that jumped forward past `exp` since then ends the stream here.
    if (expMs !== undefined && nowMs >= expMs) {
      finish();
      return;
    }
    if (pending) {
      unavailable(
        new StoreUnavailableError(
          'cutoff',
          `the cut-off store did not answer within ${intervalMs} ms`,
        ),
      );
      return;
    }
    const nextMs = nowMs + intervalMs;
    // A clock that no longer tells the time would arm a timer of no wait (Node fires NaN ms at
    // once), the store read in a loop: the stream ends (fail closed).
    if (!Number.isFinite(nextMs)) {
      finish();
      return;
    }
    pending = true;
    cancelTimer = timerAt(clock, nextMs, tick);
    // Whatever else throws (a logger) ends the stream too: fail closed.
    read().catch(() => {
      if (!over) finish();
    });
  };
  // A clock's timer (or its now()) that throws ends the stream too.
  const tick = (): void => {
    try {
      run();
    } catch {
      if (!over) finish();
    }
  };
  tick();
  return () => {
    over = true;
    cancelTimer();
  };
}

/**
 * Calls `end` once, when the stream of `subject` must end: at its token's `exp`, or, with
 * `recheck`, when its human's delegation is found ended (see {@link atDelegationCutoff}).
 * Returns a function that cancels both.
 */
export function atStreamEnd(
  subject: DualSubject,
  clock: Clock,
  recheck: DelegationRecheck | undefined,
  end: () => void,
): () => void {
  let ended = false;
  const cancels: (() => void)[] = [];
  const cancel = (): void => {
    for (const undo of cancels.splice(0)) undo();
  };
  const once = (): void => {
    if (ended) return;
    ended = true;
    cancel();
    end();
  };
  cancels.push(atTokenExpiry(subject, clock, once));
  if (recheck !== undefined && !ended) {
    cancels.push(atDelegationCutoff(subject, clock, recheck, once));
  }
  if (ended) cancel();
  return cancel;
}

/**
 * `response` with a body that ends when `atEnd` calls back (the token of its subject expires, its
 * delegation is ended: {@link atStreamEnd}), if it is still being sent then (a server-sent stream;
 * at once when `atEnd` calls back at once): the handler's body is
 * cancelled, so the MCP transport lets go of its stream, and the answer ends as a stream the
 * server closed (the MCP SDK's client opens it again with its renewed token). An answer without a
 * body is `response` itself; one whose body ends first cancels the wait.
 */
export function bodyEndingAt(response: Response, atEnd: (end: () => void) => () => void): Response {
  if (response.body === null) return response;
  const reader = response.body.getReader();
  let closed = false;
  let cancelTimer = (): void => undefined;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      cancelTimer = atEnd(() => {
        if (closed) return;
        closed = true;
        reader.cancel().catch(() => undefined);
        controller.close();
      });
    },
    async pull(controller) {
      const read = await reader.read().catch((error: unknown) => {
        cancelTimer();
        throw error;
      });
      if (closed) return;
      if (read.done) {
        closed = true;
        cancelTimer();
        controller.close();
        return;
      }
      controller.enqueue(read.value);
    },
    cancel(reason) {
      closed = true;
      cancelTimer();
      return reader.cancel(reason);
    },
  });
  const { status, statusText, headers } = response;
  return new Response(body, { status, statusText, headers });
}
