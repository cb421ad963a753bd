import type { DualAuthAuditEvent } from '@dual-auth/core';
import type { DecidedAdmission, GuardAdmission } from './guard-decision.js';

function checkStatus(status: number | null): void {
  if (status === null || (Number.isInteger(status) && status >= 100 && status <= 599)) return;
  throw new TypeError('recordStatus: status must be an HTTP status code (100-599) or null');
}

/**
 * The admission with its `recordStatus`: the audit record is written now (status 200), or, when
 * the caller `reportsStatus`, once with the status the app answered.
 */
export async function toAdmission(
  decided: DecidedAdmission,
  reportsStatus: boolean,
  write: (audit: DualAuthAuditEvent) => Promise<void>,
): Promise<GuardAdmission> {
  if (!reportsStatus) {
    await write(decided.audit);
    return { ...decided, recordStatus: () => Promise.resolve() };
  }
  const audit: DualAuthAuditEvent = { ...decided.audit, status: null };
  let recorded = false;
  return {
    ...decided,
    audit,
    recordStatus: async (status) => {
      checkStatus(status);
      if (recorded) return;
      recorded = true;
      await write({ ...audit, status });
    },
  };
}
