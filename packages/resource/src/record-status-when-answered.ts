import type { GuardAdmission } from './guard-decision.js';

/** What {@link recordStatusWhenAnswered} reads of Node's `http.ServerResponse`. */
export interface AnsweredResponse {
  once(event: 'finish' | 'close', listener: () => void): unknown;
  readonly headersSent: boolean;
  readonly statusCode: number;
}

/**
 * Writes the admission's audit record once the Node response is answered: on `finish` with its
 * status; on `close` before that (the client went away) with the status line if it was already
 * sent, else `null`. The admission must come from a `check` with `reportsStatus: true`.
 *
 * @example
 * const decision = await guard.check({ ...input, reportsStatus: true });
 * if (decision.decision === 'ALLOW') recordStatusWhenAnswered(res, decision);
 */
export function recordStatusWhenAnswered(
  response: AnsweredResponse,
  admission: Pick<GuardAdmission, 'recordStatus'>,
): void {
  let recorded = false;
  const record = (): void => {
    if (recorded) return;
    recorded = true;
    // The answer is gone, so a throwing logger has no request left to fail; an unhandled
    // rejection here would end the process instead.
    admission.recordStatus(response.headersSent ? response.statusCode : null).catch(() => {});
  };
  response.once('finish', record);
  response.once('close', record);
}
