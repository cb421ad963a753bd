import type { DoctorCheckId } from '@dual-auth/core';
import type { DelegationLayout } from '@dual-auth/core/jwt';

/**
 * A check of `dual-auth doctor`: core's {@link @dual-auth/core!DoctorCheckId}, and `app-key` (the app key that signs
 * the act assertion: it loads, its assertion names the token's agent and the human, and the key the
 * API holds verifies it), run only for a vendor whose advice has `appKey` (Entra ID).
 */
export type DoctorReportCheckId = DoctorCheckId | 'app-key';

/**
 * How one check of `dual-auth doctor` ended. `skip`: it could not run or finish (no token, no
 * expectation, no key of the API to verify with); its detail says what was not checked.
 */
export type DoctorCheckStatus = 'pass' | 'fail' | 'skip';

/**
 * One check's result. `detail` names IAM identifiers only (client ids, audiences, scope and role
 * names, claim names), never a token, a secret or the human's id. A failed check carries the
 * vendor's IdP-side fix, unless this machine must fix it (a TLS certificate from a CA it does not
 * trust: `detail` says how, and `fix`, `consolePath` and `docs` are absent) or it is `unavailable`
 * (retry later: no fix either).
 */
export interface DoctorCheckResult {
  readonly id: DoctorReportCheckId;
  readonly status: DoctorCheckStatus;
  readonly detail: string;
  readonly fix?: string;
  readonly consolePath?: string;
  readonly docs?: string;
  /**
   * Present on a failed `token-endpoint` check when the IdP could not be reached (connection
   * refused, the DNS unable to answer now, a connection or answer timeout, a reset) or answered
   * HTTP 429 or 5xx (but 501), and on a failed `app-key` check when the API's `--app-jwks-uri`
   * could not be reached or answered HTTP 408, 429 or 5xx: the configuration may be right, retry
   * later. A report whose failed checks all have it exits 3.
   */
  readonly unavailable?: true;
}

/** What `runDoctor` found; `ok` when no check failed. The `--json` output. */
export interface DoctorReport {
  readonly ok: boolean;
  readonly vendor: string;
  readonly layout: DelegationLayout;
  /**
   * What `getConfig` warned about the configuration, absent when nothing: a variable the vendor
   * ignores (`API_AUDIENCE` with Keycloak, whose `aud` comes from an Audience mapper); then each
   * variable set that no package reads although its name is dual-auth's or the vendor's
   * (`DUAL_AUTH_SECRETS_BACKNED`, with "did you mean DUAL_AUTH_SECRETS_BACKEND?" when it is a near
   * miss). Names variables, never their values.
   */
  readonly warnings?: readonly string[];
  readonly checks: readonly DoctorCheckResult[];
}
