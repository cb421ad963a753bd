import { requireValue } from '@dual-auth/core';
import type { GuardAdmission } from './guard-decision.js';
import { statusRecorder } from './status-recorder.js';

/** What {@link recordStatusWhenAnswered} reads of Node's `http.ServerResponse`. */
export interface AnsweredResponse {
  once(event: 'close', listener: () => void): unknown;
  writeHead: (...args: never[]) => unknown;
  readonly headersSent: boolean;
  readonly statusCode: number;
}

/**
 * Writes the admission's audit record as soon as the Node response's status line goes out
 * (`writeHead`, also the implicit one of a first `write` or `end`), so a long answer (a stream of
 * server-sent events) is audited while it runs; on `close` before that (the client went away)
 * with `null`. The admission must come from a `check` with `reportsStatus: true`; a failing audit
 * write is not thrown (the app has answered).
 *
 * @throws TypeError when `response` is not Node's response (`once`, `writeHead`), `admission` not
 * an object, or the admission has no `recordStatus` (a custom guard's ALLOW must have one); call
 * this before the app runs.
 * @example
 * const decision = await guard.check({ ...input, reportsStatus: true });
 * if (decision.decision === 'ALLOW') recordStatusWhenAnswered(res, decision);
 */
export function recordStatusWhenAnswered(
  response: AnsweredResponse,
  admission: Pick<GuardAdmission, 'recordStatus'>,
): void {
  if (typeof response?.once !== 'function' || typeof response.writeHead !== 'function') {
    throw new TypeError(
      'recordStatusWhenAnswered: response must be the Node http.ServerResponse (res)',
    );
  }
  requireValue(admission, 'admission', 'object');
  const recordStatus = statusRecorder(admission);
  let recorded = false;
  const record = (status: number | null): void => {
    if (recorded) return;
    recorded = true;
    void recordStatus(status);
  };
  if (response.headersSent) {
    record(response.statusCode);
    return;
  }
  // Node has no event for the status line going out (`on-headers` wraps writeHead the same way,
  // but calls back before Node has checked the status).
  const writeHead = response.writeHead;
  response.writeHead = function (this: unknown, ...args: never[]) {
    const written = writeHead.apply(this, args);
    record(response.statusCode);
    return written;
  };
  response.once('close', () => record(response.headersSent ? response.statusCode : null));
}
