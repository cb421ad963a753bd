import type { DoctorCheckId } from '@dual-auth/core';
import type { DelegationLayout } from '@dual-auth/core/jwt';

/** How one check of `dual-auth doctor` ended. `skip`: it could not run (no token, no expectation). */
export type DoctorCheckStatus = 'pass' | 'fail' | 'skip';

/**
 * One check's result. `detail` names IAM identifiers only (client ids, audiences, scope and role
 * names, claim names), never a token, a secret or the human's id. A failed check carries the
 * vendor's IdP-side fix.
 */
export interface DoctorCheckResult {
  readonly id: DoctorCheckId;
  readonly status: DoctorCheckStatus;
  readonly detail: string;
  readonly fix?: string;
  readonly consolePath?: string;
  readonly docs?: string;
}

/** What `runDoctor` found; `ok` when no check failed. The `--json` output. */
export interface DoctorReport {
  readonly ok: boolean;
  readonly vendor: string;
  readonly layout: DelegationLayout;
  readonly checks: readonly DoctorCheckResult[];
}
