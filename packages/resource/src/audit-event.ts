/** Which part of a request made it fail: its credentials (401/503), or an authorization side (403). */
export type AuditFailedSide = 'credentials' | 'agent' | 'human' | 'both';

/**
 * One audit record per decision. IAM identifiers only: never a token, an assertion, an email or a
 * name. `agent_id` and `human_id` are set only once the credentials verified.
 */
export interface DualAuthAuditEvent {
  readonly event: 'dual_auth_decision';
  readonly decision: 'ALLOW' | 'DENY';
  readonly status: 200 | 401 | 403 | 503;
  /** The token profile's vendor name. */
  readonly vendor: string;
  /** The route pattern (or path without query) the request was for. */
  readonly route: string;
  readonly method: string;
  readonly agent_id: string | undefined;
  /** The human's id (`act.sub` in the legacy layout, `sub` in RFC 8693). */
  readonly human_id: string | undefined;
  /** The human's `oid` (Entra ID), when sent. */
  readonly human_oid: string | undefined;
  readonly failed_side: AuditFailedSide | undefined;
  /**
   * `authorized`, `agent_not_authorized`, `human_not_authorized`, `agent_and_human_not_authorized`,
   * `<credential>.<reason>` for refused credentials (e.g. `access_token.expired`), or
   * `verification_unavailable`.
   */
  readonly reason: string;
}
