import type { GuardAdmission } from './guard-decision.js';

/**
 * The admission's {@link GuardAdmission.recordStatus}, checked before the app runs, as a function
 * that never throws: the middlewares call it once the app has answered.
 *
 * @throws TypeError when the admission has no `recordStatus`: a custom `DualAuthGuard` must return
 * a `GuardAdmission` whose `recordStatus(status)` writes its audit record.
 */
export function statusRecorder(
  admission: Pick<GuardAdmission, 'recordStatus'>,
): (status: number | null) => Promise<void> {
  if (typeof (admission as Partial<GuardAdmission>).recordStatus !== 'function') {
    throw new TypeError(
      'DualAuthGuard.check returned an ALLOW without recordStatus: a custom guard must return a GuardAdmission whose recordStatus(status) writes its audit record',
    );
  }
  return async (status) => {
    try {
      await admission.recordStatus(status);
    } catch {
      // The app has answered and acted: a failing logger cannot undo that, and a throw here would
      // replace its answer (fetch) or end the process (a Node event listener). `onDecision` has
      // had the record all the same (see emitAudit in dual-auth-guard.ts).
    }
  };
}
