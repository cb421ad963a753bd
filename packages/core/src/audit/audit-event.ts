import type { Clock } from '../contracts/clock.js';
import { systemClock } from '../contracts/clock.js';
import type { Logger } from '../contracts/logger.js';
import { rfc3339Time } from '../logging/rfc3339-time.js';
import { humanIdForLogging, loggableId } from '../redaction/human-id-for-logging.js';

/** The version of the audit event's shape; `docs/audit-event.md` and its JSON schema describe it. */
export const AUDIT_EVENT_VERSION = 1;

/** The log event name of every audit record. */
export const AUDIT_EVENT_NAME = 'dual_auth_decision';

/** Which package decided: the token request (`session`), the API call (`client`), the API (`resource`). */
export type AuditSource = 'session' | 'client' | 'resource';

/**
 * Which part of a request made it fail: its credentials (a missing, invalid or unverifiable
 * token or act JWT; an IdP or API that did not answer), or an authorization side.
 */
export type AuditFailedSide = 'credentials' | 'agent' | 'human' | 'both';

/**
 * Whether the ids a record names were proven by the credentials decided on: `verified` (the
 * token, and its act assertion or act JWT where there is one, verified before the decision or the
 * failing step, so `agent_id` and `human_id` name who they proved), `agent_verified` (the access
 * token verified but the human's credential did not: `agent_id` only, `human_id` null), or
 * `unverified` (refused before a signature or introspection proved anyone: no id from the
 * request is named, since an unverified token may name anyone). See `docs/audit-event.md`.
 */
export type AuditIdentities = 'verified' | 'agent_verified' | 'unverified';

/**
 * One audit record per decision, version {@link AUDIT_EVENT_VERSION}, the same for session, client
 * and resource. IAM identifiers only: never a token, an assertion, an email or a name. Fields
 * that do not apply are `null`, never absent, so one schema checks every record.
 */
export interface DualAuthAuditEvent {
  readonly event: typeof AUDIT_EVENT_NAME;
  readonly audit_version: typeof AUDIT_EVENT_VERSION;
  readonly source: AuditSource;
  /** When the decision was made: RFC 3339, UTC, milliseconds. */
  readonly time: string;
  /** One id per decision (a UUID, or the request's `X-Request-Id` when it is a UUID). */
  readonly request_id: string;
  readonly decision: 'ALLOW' | 'DENY';
  /**
   * The initiating human as {@link humanIdForLogging} names one: the Entra object id when sent,
   * else `act.sub` (legacy layout) or `sub` (RFC 8693), a `sha256:` digest in its place when it
   * has an `@` (never an email).
   */
  readonly human_id: string | null;
  /** The human's Entra object id, when sent (a `sha256:` digest in its place when it has an `@`). */
  readonly human_oid: string | null;
  /** The acting agent (its client id). */
  readonly agent_id: string | null;
  /**
   * Whether `agent_id` and `human_id` were proven by the credentials decided on
   * ({@link AuditIdentities}); `null` when the writer does not say (the client, which names the
   * identities it called with).
   */
  readonly identities: AuditIdentities | null;
  /**
   * Every actor's id, the agent acting first, then each earlier actor (RFC 8693 §4.1), a `sha256:`
   * digest in place of one that has an `@` (never an email).
   */
  readonly delegation_chain: readonly string[];
  /** The audiences the token was requested for or checked against. */
  readonly audience: readonly string[];
  readonly scope: readonly string[];
  /** `null` on ALLOW; on DENY always set by session and resource, `null` from the client on a 403. */
  readonly failed_side: AuditFailedSide | null;
  /**
   * Why: `authorized`, `agent_not_authorized`, `human_not_authorized`,
   * `agent_and_human_not_authorized`, `<credential>.<reason>` (e.g. `access_token.expired`,
   * `act_jwt.replayed`), `token_request.<IdP error code>`, `http_<status>`, or
   * `verification_unavailable`.
   */
  readonly reason: string;
  /**
   * What the decision rested on, one `<side>:<check's reason>` each (`human:role FinanceUser`);
   * `gateway:bound_token_checked_upstream` when a key-bound token's proof was left to a gateway.
   */
  readonly policy_basis: readonly string[];
  readonly vendor: string | null;
  /** The HTTP request decided on (resource, client); `route` is the route pattern or the path. */
  readonly method: string | null;
  readonly route: string | null;
  /** The HTTP status answered or received (resource, client). */
  readonly status: number | null;
}

/** What {@link createAuditEvent} takes: the decision; `time` and `request_id` are filled in. */
export type AuditEventInit = {
  [K in Exclude<
    keyof DualAuthAuditEvent,
    'event' | 'audit_version' | 'source' | 'decision' | 'reason'
  >]?: DualAuthAuditEvent[K] | undefined;
} & Pick<DualAuthAuditEvent, 'source' | 'decision' | 'reason'> & { clock?: Clock | undefined };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `candidate` when it is a UUID (a caller's own correlation id), else a new random UUID. */
export function auditRequestId(candidate?: string | null): string {
  return typeof candidate === 'string' && UUID.test(candidate)
    ? candidate.toLowerCase()
    : crypto.randomUUID();
}

/**
 * Builds an audit record: every field present (`null` or `[]` when it does not apply), `time`
 * from `clock` (default the system clock), `request_id` from {@link auditRequestId}.
 */
export function createAuditEvent(init: AuditEventInit): DualAuthAuditEvent {
  return {
    event: AUDIT_EVENT_NAME,
    audit_version: AUDIT_EVENT_VERSION,
    source: init.source,
    time: init.time ?? rfc3339Time((init.clock ?? systemClock).now()),
    request_id: init.request_id ?? auditRequestId(),
    decision: init.decision,
    human_id: humanIdForLogging({ sub: init.human_id ?? undefined, oid: init.human_oid }) ?? null,
    human_oid: typeof init.human_oid === 'string' ? loggableId(init.human_oid) : null,
    agent_id: init.agent_id ?? null,
    identities: init.identities ?? null,
    // RFC 8693 §4.1 names an earlier actor by any id, an email in its own example.
    delegation_chain: (init.delegation_chain ?? []).map(loggableId),
    audience: [...(init.audience ?? [])],
    scope: [...(init.scope ?? [])],
    failed_side: init.failed_side ?? null,
    reason: init.reason,
    policy_basis: [...(init.policy_basis ?? [])],
    vendor: init.vendor ?? null,
    method: init.method ?? null,
    route: init.route ?? null,
    status: init.status ?? null,
  };
}

/** Writes an audit record to `logger`: info on ALLOW, warn on DENY, the fields beside `event`. */
export function emitAuditEvent(logger: Logger, audit: DualAuthAuditEvent): void {
  const { event, ...fields } = audit;
  if (audit.decision === 'ALLOW') logger.info(event, fields);
  else logger.warn(event, fields);
}
