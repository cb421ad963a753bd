import { raceAbort } from '@dual-auth/core/adapter-kit';

/**
 * `pending`, no longer waited for once `signal` aborts: rejects with `signal.reason`, also when
 * it had already aborted (`raceAbort` does not see that). `pending` goes on either way; a
 * rejection of it nobody waits for any more is swallowed. Without a signal, `pending` itself.
 *
 * @throws what `pending` rejects with; `signal.reason` when it aborts first.
 */
export function untilAborted<T>(pending: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return pending;
  if (signal.aborted) {
    pending.catch(() => undefined);
    return Promise.reject(signal.reason);
  }
  return raceAbort(pending, signal);
}
