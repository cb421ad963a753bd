import type { AuditFailedSide, DualAuthAuditEvent } from './audit-event.js';
import type { AuthorizationResult } from './authorize.js';
import { bearerChallenge } from './bearer-challenge.js';
import type { DualSubject } from './dual-subject.js';
import type { DualSubjectVerificationError } from './dual-subject-verification-error.js';

/** The framework-neutral input of a guard: the two headers and what to audit the request as. */
export interface GuardInput {
  authorization: string | null | undefined;
  actAssertion: string | null | undefined;
  method: string;
  route: string;
  signal?: AbortSignal | undefined;
}

/** A refusal, ready to send. */
export interface GuardDenial {
  decision: 'DENY';
  status: 401 | 403 | 503;
  /** `WWW-Authenticate` (401, 403) and `Cache-Control: no-store`. */
  headers: Record<string, string>;
  body: { error: string; error_description: string; failed_side?: AuditFailedSide };
  subject: DualSubject | undefined;
  audit: DualAuthAuditEvent;
}

/** An admission, with the verified subjects to hand to the route. */
export interface GuardAdmission {
  decision: 'ALLOW';
  status: 200;
  subject: DualSubject;
  authorization: AuthorizationResult;
  audit: DualAuthAuditEvent;
}

/** What a guard decides for one request. */
export type GuardDecision = GuardAdmission | GuardDenial;

/** How a denial reads: its OAuth error, description, failed side, audit reason and challenge. */
export interface DenialFields {
  error: string;
  description: string;
  failedSide: AuditFailedSide;
  reason: string;
  challenge?: string;
  subject?: DualSubject;
}

const DESCRIPTIONS: Record<string, string> = {
  agent: 'The agent is not authorized for this resource',
  human: 'The human the agent acts for is not authorized for this resource',
  both: 'Neither the agent nor the human it acts for is authorized for this resource',
};

/** The audit record of one decision: IAM ids only. */
export function auditEventFor(
  input: GuardInput,
  subject: DualSubject | undefined,
  outcome: Pick<DualAuthAuditEvent, 'vendor' | 'decision' | 'status' | 'failed_side' | 'reason'>,
): DualAuthAuditEvent {
  const { vendor, ...rest } = outcome;
  return {
    event: 'dual_auth_decision',
    vendor,
    route: input.route,
    method: input.method,
    agent_id: subject?.agent.id,
    human_id: subject?.human.sub,
    human_oid: subject?.human.oid,
    ...rest,
  };
}

/** A refusal with its `Cache-Control`, challenge, JSON body and audit record. */
export function toDenial(
  input: GuardInput,
  vendor: string,
  status: 401 | 403 | 503,
  fields: DenialFields,
): GuardDenial {
  return {
    decision: 'DENY',
    status,
    headers: {
      'cache-control': 'no-store',
      ...(fields.challenge === undefined ? {} : { 'www-authenticate': fields.challenge }),
    },
    body: {
      error: fields.error,
      error_description: fields.description,
      ...(status === 403 ? { failed_side: fields.failedSide } : {}),
    },
    subject: fields.subject,
    audit: auditEventFor(input, fields.subject, {
      vendor,
      decision: 'DENY',
      status,
      failed_side: fields.failedSide,
      reason: fields.reason,
    }),
  };
}

/** 503: keys, the replay store or a check could not be reached; the client may try again. */
export function unavailableDenial(input: GuardInput, vendor: string, reason: string): GuardDenial {
  return toDenial(input, vendor, 503, {
    error: 'temporarily_unavailable',
    description: 'The credentials could not be checked right now; try again later',
    failedSide: 'credentials',
    reason,
  });
}

// Outages, not refusals: the client may try again (RFC 7662's endpoint down is one).
const UNAVAILABLE: ReadonlySet<string> = new Set([
  'key_unavailable',
  'replay_store_unavailable',
  'introspection_unavailable',
]);

/**
 * 401 with an RFC 6750 challenge (bare when no credentials came at all), or 503 when the keys,
 * the shared replay store or the introspection endpoint did not answer.
 */
export function refusalDenial(
  input: GuardInput,
  vendor: string,
  realm: string | undefined,
  error: DualSubjectVerificationError,
): GuardDenial {
  if (UNAVAILABLE.has(error.reason)) return unavailableDenial(input, vendor, error.auditReason);
  const noCredentials = error.absent && error.credential === 'access_token';
  return toDenial(input, vendor, 401, {
    error: 'invalid_token',
    description: error.message,
    failedSide: 'credentials',
    reason: error.auditReason,
    challenge: bearerChallenge(
      noCredentials ? { realm } : { realm, error: 'invalid_token', description: error.message },
    ),
  });
}

/** 403 naming the side that failed, or the admission when both sides are allowed. */
export function authorizationDecision(
  input: GuardInput,
  vendor: string,
  realm: string | undefined,
  subject: DualSubject,
  result: AuthorizationResult,
): GuardDecision {
  if (result.failedSide !== undefined) {
    const description = DESCRIPTIONS[result.failedSide] as string;
    return toDenial(input, vendor, 403, {
      error: 'insufficient_scope',
      description,
      failedSide: result.failedSide,
      reason: result.reason,
      subject,
      challenge: bearerChallenge({ realm, error: 'insufficient_scope', description }),
    });
  }
  const audit = auditEventFor(input, subject, {
    vendor,
    decision: 'ALLOW',
    status: 200,
    failed_side: undefined,
    reason: result.reason,
  });
  return { decision: 'ALLOW', status: 200, subject, authorization: result, audit };
}
