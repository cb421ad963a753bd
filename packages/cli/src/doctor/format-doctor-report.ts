import { escapeInvisible } from '../escape-invisible.js';
import type { DoctorReport } from './doctor-report.js';

const MARK = { pass: 'PASS', fail: 'FAIL', skip: 'SKIP' } as const;

/**
 * The report as text for a terminal: a line per warning of `getConfig`, one line per check, the
 * IdP-side fix under each failure that has one, and `retry later` under each unavailable one.
 * Every line has its control and bidi/format characters written as `\uXXXX` (`escapeInvisible`):
 * a detail may quote the token's claims (`aud`, `act.sub`), which the IdP's clients can shape.
 *
 * @throws TypeError when `report` is not a DoctorReport (an object with its `checks` array).
 */
export function formatDoctorReport(report: DoctorReport): string {
  if (!Array.isArray((report as Partial<DoctorReport> | null | undefined)?.checks)) {
    throw new TypeError(
      'formatDoctorReport: report must be the DoctorReport runDoctor resolves to (with its checks array)',
    );
  }
  const lines = [`dual-auth doctor: vendor ${report.vendor}, ${report.layout} layout`];
  for (const warning of report.warnings ?? []) lines.push(`WARN  config: ${warning}`);
  for (const check of report.checks) {
    lines.push(`${MARK[check.status]}  ${check.id}: ${check.detail}`);
    // An outage is no configuration to change: the detail says what was unreachable.
    if (check.status === 'fail' && check.unavailable) {
      lines.push(
        '      retry later: the configuration may be right; run dual-auth doctor again when it is reachable',
      );
    }
    // A failure this machine must fix (a CA it does not trust) has no IdP-side fix: its detail says what to do.
    if (check.status === 'fail' && check.fix !== undefined) {
      lines.push(`      fix on the IdP: ${check.fix}`);
      lines.push(`      where: ${check.consolePath}`);
      lines.push(`      docs: ${check.docs}`);
    }
  }
  const failed = report.checks.filter((check) => check.status === 'fail').length;
  lines.push(
    failed === 0
      ? 'doctor: all checks passed'
      : `doctor: ${failed} of ${report.checks.length} checks failed`,
  );
  return `${lines.map(escapeInvisible).join('\n')}\n`;
}
