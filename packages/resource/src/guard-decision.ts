import {
  type AuditFailedSide,
  type AuditIdentities,
  auditRequestId,
  type Clock,
  createAuditEvent,
  type DualAuthAuditEvent,
  humanIdForLogging,
  isOutageReason,
  type LoggableHuman,
  readsAsEmail,
} from '@dual-auth/core';
import { auditScopeOf } from './audit-scope.js';
import { policyBasisOf } from './authorization-record.js';
import type { AuthorizationResult } from './authorize.js';
import { bearerChallenge, dpopChallenge } from './bearer-challenge.js';
import { checkedUpstreamBasis } from './checked-upstream-subject.js';
import type { DualSubject } from './dual-subject.js';
import type { DualSubjectVerificationError } from './dual-subject-verification-error.js';
import type { TlsClientCertificateReader } from './tls-client-certificate.js';
import { type VerifiedHuman, verifiedHumanOf } from './verified-human-of-refusal.js';

/** The framework-neutral input of a guard: the credential headers and what to audit the request as. */
export interface GuardInput {
  authorization: string | null | undefined;
  actAssertion: string | null | undefined;
  /**
   * The `DPoP` header (RFC 9449 §4), repeated lines joined with ", " as `Headers` does: read
   * when the guard has `dpop` and `authorization` uses the DPoP scheme.
   */
  dpop?: string | null | undefined;
  /**
   * The absolute URL the request was received at (`request.url`): a DPoP proof's `htu` is
   * compared with it, query and fragment left out (or with the guard's `dpop.publicBaseUrl` and
   * its path), and a URL with an `access_token` query parameter is refused 400 `invalid_request`
   * (RFC 6750 §2, §3.1). Every middleware of this package sets it; required for a DPoP request.
   */
  url?: string | undefined;
  method: string;
  /**
   * What to audit the request as, without query and fragment. It may be a raw path the client
   * wrote (`ctx.path`), so it goes through `routeForLogging`: a static `/users/me` and whole
   * parameters with a plain name (`:id`, `{accountId}`, `*`, `[...slug]`) stay; segments that may
   * name a person or hold a token are `:redacted`. With {@link GuardInput.routeIsTemplate}, a
   * template is recorded as written (only an email or a long opaque segment `:redacted`).
   */
  route: string;
  /**
   * `true` when `route` is the route template the framework matched (`/users/:id(\\d+)`), never
   * text the client wrote: every middleware of this package sets it. Default `false`.
   */
  routeIsTemplate?: boolean | undefined;
  /**
   * Reads the client certificate of the request's mutual-TLS connection (RFC 8705 §3): its DER
   * bytes, or `undefined` when none was presented or the TLS server did not authorize it. The
   * guard calls it only for a token whose `cnf` holds `x5t#S256`, and admits that token when the
   * thumbprint matches. Without it (default) every key-bound token is refused. The Express,
   * Fastify and Hono-on-Node middlewares set it from the request's TLS socket, `checkRequest` and
   * the fetch and Hono middlewares from the guard's function; a custom server passes its own.
   */
  tlsClientCertificate?: TlsClientCertificateReader | undefined;
  /**
   * Reads the client certificate of the request's mutual-TLS connection whoever issued it (a
   * self-signed one too, RFC 8705 §2.2), once the handshake completed: the client proved it holds
   * the certificate's key. Read instead of `tlsClientCertificate` by a guard with
   * `tlsClientCertificate: 'tls-connection-any-issuer'` (which reads `tlsClientCertificate` when
   * this is absent). The Express, Fastify and Hono-on-Node middlewares set it.
   */
  tlsClientCertificateAnyIssuer?: TlsClientCertificateReader | undefined;
  /**
   * The fetch `Request` being decided, for a guard whose `tlsClientCertificate` option is a
   * function `(request) => DER bytes`: the guard calls it with this request (for a
   * certificate-bound token only), and then reads no `tlsClientCertificate` of the input.
   * `checkRequest`, `requestGuardInput` and the fetch and Hono middlewares set it; a custom server
   * calling `check` passes it, or its own `tlsClientCertificate` reader. A guard with that
   * function and neither answers such a token 503 (`dual_auth_verification_unavailable`), never
   * a refusal that blames the client.
   */
  request?: Request | undefined;
  /** The caller's correlation id (`X-Request-Id`): kept in the audit record when it is a UUID. */
  requestId?: string | null | undefined;
  /**
   * The request's signal. Every middleware of this package passes one that aborts with an
   * `AbortError` when the client goes away (the fetch `Request`'s and Hono's, whatever reason the
   * runtime gives; for Express and Fastify, when the Node response closes unanswered); a Koa or
   * NestJS app, or a custom server, passes its own. When it aborts, the guard stops waiting for
   * the token's introspection and for the checks, and answers:
   * - 499 (nginx's "client closed request", audited `request_aborted` with `status: null`, no
   *   `Retry-After`: nobody hears it) when its reason is an `AbortError` (`controller.abort()`
   *   without a reason, the middlewares' signals): the client went away;
   * - 503 with `Retry-After` (`access_token.introspection_unavailable`,
   *   `<side>_check_unavailable`) for any other reason (`AbortSignal.timeout`'s `TimeoutError`,
   *   an app's own deadline): the client still waits and may try again.
   */
  signal?: AbortSignal | undefined;
  /**
   * `true` when the caller reports the status the app answered through the admission's
   * `recordStatus` (every middleware of this package does): the ALLOW record then waits for it.
   * Default: the ALLOW record is written at decision time with status 200, the guard's admission,
   * as the guard cannot know what the app answers.
   */
  reportsStatus?: boolean | undefined;
}

/** What every audit record of one guard shares: its vendor, audiences and clock. */
export interface DecisionContext {
  vendor: string;
  audience: readonly string[];
  clock?: Clock | undefined;
}

/** A refusal, ready to send. */
export interface GuardDenial {
  decision: 'DENY';
  /**
   * 400 `invalid_request` for a malformed request (a credential header repeated or breaking its
   * syntax, RFC 6750 §3.1), 401, 403, 503; or 499 (nginx's "client closed request") when the
   * request's own client went away while its token was introspected or a check ran: nobody hears
   * it, so it is no outage (no 503 in a framework's access log or a server span), and the audit
   * record's `status` is `null`.
   */
  status: 400 | 401 | 403 | 499 | 503;
  /**
   * `WWW-Authenticate` (400, 401, 403), `Cache-Control: no-store`, on every 503
   * `Retry-After: 5` (seconds), and with `dpop.nonce` the `DPoP-Nonce` to use (RFC 9449 §8.1).
   */
  headers: Record<string, string>;
  /**
   * The JSON body, saying what the challenge says: `error` is the challenge's error code, absent
   * on the 401 to a request without credentials, whose challenge has none (RFC 6750 §3.1).
   */
  body: { error?: string; error_description: string; failed_side?: AuditFailedSide };
  subject: DualSubject | undefined;
  audit: DualAuthAuditEvent;
}

/** An admission, with the verified subjects to hand to the route. */
export interface GuardAdmission {
  decision: 'ALLOW';
  status: 200;
  subject: DualSubject;
  authorization: AuthorizationResult;
  /**
   * Headers to send with the app's answer (lower-case names): `dpop-nonce`, the new nonce, when
   * the guard has `dpop.nonce` and it rotated (RFC 9449 §8.2). Every middleware of this package
   * sets them; absent otherwise.
   */
  headers?: Readonly<Record<string, string>>;
  /**
   * The ALLOW record: written at decision time with status 200; with `reportsStatus` on the
   * input, `status` is `null` here and `recordStatus` writes the record with the real one.
   */
  audit: DualAuthAuditEvent;
  /**
   * With `reportsStatus` on the input: writes the audit record (logger and `onDecision`) with the
   * status the app answered, or `null` when it answered nothing (the client went away first). The
   * first call writes; later calls do nothing, so a request has exactly one record. Without
   * `reportsStatus` the record was written at decision time and this does nothing.
   *
   * @param status - An HTTP status code (100–599) or `null`.
   * @throws TypeError when `status` is neither.
   * @throws what the guard's `logger` throws (`onDecision` failures are logged, not thrown).
   */
  recordStatus(status: number | null): Promise<void>;
}

/** An admission as decided, before the guard attaches its {@link GuardAdmission.recordStatus}. */
export type DecidedAdmission = Omit<GuardAdmission, 'recordStatus'>;

/** What a guard decides for one request. */
export type GuardDecision = GuardAdmission | GuardDenial;

/** How a denial reads: its OAuth error, description, failed side, audit reason and challenge. */
export interface DenialFields {
  /** The OAuth error code; undefined for a request without credentials (RFC 6750 §3.1). */
  error: string | undefined;
  description: string;
  failedSide: AuditFailedSide;
  reason: string;
  challenge?: string;
  subject?: DualSubject;
  /**
   * The human of a token refused after it verified (the delegation cut-off), for the audit record
   * when there is no `subject`.
   */
  human?: VerifiedHuman | undefined;
  /** The checks' results, for the audit record's policy basis. */
  result?: AuthorizationResult;
}

const DESCRIPTIONS: Record<string, string> = {
  agent: 'The agent is not authorized for this resource',
  human: 'The human the agent acts for is not authorized for this resource',
  both: 'Neither the agent nor the human it acts for is authorized for this resource',
};

/** How a decision ended, for its audit record. */
interface AuditOutcome {
  decision: 'ALLOW' | 'DENY';
  status: 200 | 400 | 401 | 403 | 503 | null;
  failedSide: AuditFailedSide | undefined;
  reason: string;
  result?: AuthorizationResult | undefined;
  /** The verified human when there is no subject (see `DenialFields.human`). */
  human?: VerifiedHuman | undefined;
}

// Whether the ids the record names were proven: a subject, or the ids a refusal after the token
// verified was marked with; nobody otherwise, and the record says so rather than a bare null.
function identitiesOf(
  subject: DualSubject | undefined,
  verified: VerifiedHuman | undefined,
): AuditIdentities {
  if (subject !== undefined || verified?.sub !== undefined) return 'verified';
  return verified?.agentId === undefined ? 'unverified' : 'agent_verified';
}

// The human's `oid` as the record writes it: one that reads as an email (an IdP mapper put it there) as
// its digest, which humanIdForLogging gives for a human with an `oid` (off Node, the one prepared).
function oidForLogging(human: LoggableHuman | undefined): string | undefined {
  const oid = human?.oid;
  if (typeof oid !== 'string') return undefined;
  return readsAsEmail(oid) ? humanIdForLogging(human) : oid;
}

/** The audit record of one decision (core's version-1 shape): IAM ids only. */
export function auditEventFor(
  input: GuardInput,
  context: DecisionContext,
  subject: DualSubject | undefined,
  outcome: AuditOutcome,
): DualAuthAuditEvent {
  const { result } = outcome;
  return createAuditEvent({
    source: 'resource',
    clock: context.clock,
    request_id: auditRequestId(input.requestId),
    decision: outcome.decision,
    // Already as logged: off Node, a verified human carries the digest its verification prepared.
    human_id: humanIdForLogging(subject?.human ?? outcome.human),
    human_oid: oidForLogging(subject?.human ?? outcome.human),
    agent_id: subject?.agent.id ?? outcome.human?.agentId,
    identities: identitiesOf(subject, outcome.human),
    delegation_chain: subject?.chain.map((link) => link.id),
    audience: context.audience,
    scope: auditScopeOf(subject),
    failed_side: outcome.failedSide,
    reason: outcome.reason,
    policy_basis: [
      ...(result === undefined ? [] : policyBasisOf(result)),
      ...checkedUpstreamBasis(subject),
    ],
    vendor: context.vendor,
    method: input.method,
    route: input.route,
    status: outcome.status,
  });
}

// The `Retry-After` of every 503 the guard answers, in seconds (RFC 9110 §10.2.3): well-behaved
// clients (`@dual-auth/client` among them) wait this long rather than hammer a directory, a JWKS
// endpoint or a store that is down.
const RETRY_AFTER_SECONDS = 5;

/** A refusal with its `Cache-Control`, challenge, `Retry-After` (503), JSON body and audit record. */
export function toDenial(
  input: GuardInput,
  context: DecisionContext,
  status: GuardDenial['status'],
  fields: DenialFields,
): GuardDenial {
  return {
    decision: 'DENY',
    status,
    headers: {
      'cache-control': 'no-store',
      ...(fields.challenge === undefined ? {} : { 'www-authenticate': fields.challenge }),
      ...(status === 503 ? { 'retry-after': String(RETRY_AFTER_SECONDS) } : {}),
    },
    body: {
      ...(fields.error === undefined ? {} : { error: fields.error }),
      error_description: fields.description,
      ...(status === 403 ? { failed_side: fields.failedSide } : {}),
    },
    subject: fields.subject,
    audit: auditEventFor(input, context, fields.subject, {
      decision: 'DENY',
      // 499: the client went away first, nothing is answered.
      status: status === 499 ? null : status,
      failedSide: fields.failedSide,
      reason: fields.reason,
      result: fields.result,
      human: fields.human,
    }),
  };
}

/**
 * 503: keys, the replay store or a check could not be reached; the client may try again. `human`:
 * who the token verified for before the store was asked (the cut-off store; and the agent too for
 * the DPoP proof's replay store), named in the audit.
 */
export function unavailableDenial(
  input: GuardInput,
  context: DecisionContext,
  reason: string,
  human?: VerifiedHuman,
): GuardDenial {
  return toDenial(input, context, 503, {
    error: 'temporarily_unavailable',
    description: 'The credentials could not be checked right now; try again later',
    failedSide: 'credentials',
    reason,
    human,
  });
}

/**
 * 499 `request_aborted`: the request's own client went away before it was decided (while its
 * token was introspected, or a check ran); audited with `status: null`, as nobody hears it.
 */
export function abortedDenial(
  input: GuardInput,
  context: DecisionContext,
  fields: Pick<DenialFields, 'failedSide' | 'subject' | 'result'>,
): GuardDenial {
  return toDenial(input, context, 499, {
    ...fields,
    error: 'request_aborted',
    description: 'The client closed the request',
    reason: 'request_aborted',
  });
}

/** How a guard with `dpop` answers: the scheme the request used and the proof algorithms. */
export interface DpopAnswer {
  scheme: 'Bearer' | 'DPoP';
  algs: readonly string[];
}

// RFC 9449 §7.1: a refused proof is `invalid_dpop_proof`; a refused DPoP request otherwise is
// answered in the DPoP scheme; a Bearer or bare challenge also offers DPoP with its `algs` (§7.2).
function challengeFor(
  realm: string | undefined,
  error: 'invalid_dpop_proof' | 'use_dpop_nonce' | 'invalid_request' | 'invalid_token' | undefined,
  description: string,
  dpop: DpopAnswer | undefined,
): string {
  if (dpop !== undefined && error !== undefined) {
    if (error === 'invalid_dpop_proof' || error === 'use_dpop_nonce' || dpop.scheme === 'DPoP') {
      return dpopChallenge({ realm, error, description, algs: dpop.algs });
    }
  }
  const bearerError =
    error === 'invalid_dpop_proof' || error === 'use_dpop_nonce' ? 'invalid_token' : error;
  const bearer = bearerChallenge(
    bearerError === undefined ? { realm } : { realm, error: bearerError, description },
  );
  return dpop === undefined ? bearer : `${bearer}, ${dpopChallenge({ realm, algs: dpop.algs })}`;
}

/**
 * How a refusal of the credentials is answered (RFC 6750 §3.1): a refused DPoP proof is 401
 * `invalid_dpop_proof` (RFC 9449 §7.1, whatever was wrong with its header), or `use_dpop_nonce`
 * when its nonce was (§9, guard option `dpop.nonce`); 400 `invalid_request`
 * for a malformed request (a credential header repeated or breaking its syntax, read before any
 * token is looked at: a new token would not help); 401 with no error code, in the challenge and
 * the body, when no credentials came at all; else 401 `invalid_token`. The audit reason is the
 * error's either way (`access_token.malformed`, `access_token.missing_claim`, …).
 */
function credentialRefusal(error: DualSubjectVerificationError) {
  // RFC 9449 §9: the nonce is missing, stale or not ours; the guard adds a fresh DPoP-Nonce.
  if (error.credential === 'dpop_proof' && error.claim === 'nonce') {
    return { status: 401, error: 'use_dpop_nonce' } as const;
  }
  if (error.credential === 'dpop_proof') {
    return { status: 401, error: 'invalid_dpop_proof' } as const;
  }
  if (error.malformedRequest) return { status: 400, error: 'invalid_request' } as const;
  if (error.absent && error.credential === 'access_token') {
    return { status: 401, error: undefined } as const;
  }
  return { status: 401, error: 'invalid_token' } as const;
}

/**
 * 400 `invalid_request` or 401 with an RFC 6750 challenge (see `credentialRefusal`; bare when no
 * credentials came at all; with `dpop`, RFC 9449 §7.1's DPoP challenge), or 503 when the keys,
 * the shared replay store or the introspection endpoint did not answer.
 */
export function refusalDenial(
  input: GuardInput,
  context: DecisionContext,
  realm: string | undefined,
  error: DualSubjectVerificationError,
  dpop?: DpopAnswer,
): GuardDenial {
  // Outages, not refusals: the client may try again (RFC 7662's endpoint down is one). The human is
  // null unless the token verified before the store was asked: whoever it names is not proven.
  if (isOutageReason(error.reason)) {
    return unavailableDenial(input, context, error.auditReason, verifiedHumanOf(error));
  }
  const refusal = credentialRefusal(error);
  // The description, never the message: a server-side hint names this API's settings.
  const { description } = error;
  return toDenial(input, context, refusal.status, {
    error: refusal.error,
    description,
    failedSide: 'credentials',
    reason: error.auditReason,
    // Null for a token that did not verify: whoever it names is not proven.
    human: verifiedHumanOf(error),
    challenge: challengeFor(realm, refusal.error, description, dpop),
  });
}

/**
 * 403 naming the side that failed (in the DPoP scheme for a DPoP request, RFC 9449 §7.1); 503 when
 * no check refused but one threw (the client may try again); 499 when the request's signal aborted
 * during a check (see {@link abortedDenial}); the admission when both sides are allowed.
 */
export function authorizationDecision(
  input: GuardInput,
  context: DecisionContext,
  realm: string | undefined,
  subject: DualSubject,
  result: AuthorizationResult,
  dpop?: DpopAnswer,
): DecidedAdmission | GuardDenial {
  if (result.failedSide !== undefined && result.unsettled === 'aborted') {
    return abortedDenial(input, context, { failedSide: result.failedSide, subject, result });
  }
  if (result.failedSide !== undefined && result.unsettled !== undefined) {
    return toDenial(input, context, 503, {
      error: 'temporarily_unavailable',
      description: 'The authorization could not be checked right now; try again later',
      failedSide: result.failedSide,
      reason: result.reason,
      subject,
      result,
    });
  }
  if (result.failedSide !== undefined) {
    const description = DESCRIPTIONS[result.failedSide] as string;
    return toDenial(input, context, 403, {
      error: 'insufficient_scope',
      description,
      failedSide: result.failedSide,
      reason: result.reason,
      subject,
      result,
      // RFC 9449 §7.1: a DPoP request is answered in the DPoP scheme, this error too.
      challenge:
        dpop?.scheme === 'DPoP'
          ? dpopChallenge({ realm, error: 'insufficient_scope', description, algs: dpop.algs })
          : bearerChallenge({ realm, error: 'insufficient_scope', description }),
    });
  }
  const audit = auditEventFor(input, context, subject, {
    decision: 'ALLOW',
    status: 200,
    failedSide: undefined,
    reason: result.reason,
    result,
  });
  return { decision: 'ALLOW', status: 200, subject, authorization: result, audit };
}
