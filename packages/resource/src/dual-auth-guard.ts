import {
  ACT_ASSERTION_HEADER,
  InMemoryReplayStore,
  type Logger,
  noopLogger,
  type ReplayStore,
} from '@dual-auth/core';
import { createRemoteJwks, type RemoteJwksOptions } from '@dual-auth/core/adapter-kit';
import type { AuditFailedSide, DualAuthAuditEvent } from './audit-event.js';
import { type AuthorizationResult, authorize, type SubjectCheck } from './authorize.js';
import { bearerChallenge } from './bearer-challenge.js';
import { readBearerCredentials } from './bearer-credentials.js';
import type { DualSubject } from './dual-subject.js';
import { DualSubjectVerificationError } from './dual-subject-verification-error.js';
import { verifyDualSubjectToken } from './verify-dual-subject-token.js';
import {
  assertVerifyOptions,
  type DualSubjectVerifyOptions,
  type EntraActAssertionOptions,
  type VerificationKeys,
} from './verify-options.js';

/** Options of {@link createDualAuthGuard}: how to verify, who is allowed, where audits go. */
export interface DualAuthGuardOptions
  extends Omit<DualSubjectVerifyOptions, 'keys' | 'entra'>,
    Pick<RemoteJwksOptions, 'fetch' | 'allowInsecureLoopback'> {
  /** The IdP's keys; or give `jwksUri` and the guard downloads and caches them. */
  keys?: VerificationKeys;
  jwksUri?: string;
  /**
   * Entra ID: the act assertion's checks; `replayStore` defaults to one core `InMemoryReplayStore`
   * per guard.
   */
  entra?: Omit<EntraActAssertionOptions, 'replayStore'> & { replayStore?: ReplayStore };
  agentAllowed: SubjectCheck;
  humanAllowed: SubjectCheck;
  /** `realm` of the `WWW-Authenticate` challenges. */
  realm?: string;
  /** Gets `dual_auth_decision` events (info on ALLOW, warn on DENY). */
  logger?: Logger;
  /** Called with every audit event; a throw is logged as `dual_auth_audit_failed` and ignored. */
  onDecision?: (event: DualAuthAuditEvent) => void | Promise<void>;
}

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

/** Verifies and authorizes dual-subject requests; the engine under every middleware. */
export interface DualAuthGuard {
  check(input: GuardInput): Promise<GuardDecision>;
  checkRequest(request: Request, route?: string): Promise<GuardDecision>;
}

const DESCRIPTIONS: Record<string, string> = {
  agent: 'The agent is not authorized for this resource',
  human: 'The human the agent acts for is not authorized for this resource',
  both: 'Neither the agent nor the human it acts for is authorized for this resource',
};

function resolveVerifyOptions(options: DualAuthGuardOptions): DualSubjectVerifyOptions {
  const { keys, jwksUri, entra, fetch, allowInsecureLoopback, ...rest } = options;
  if ((keys === undefined) === (jwksUri === undefined)) {
    throw new TypeError('Give exactly one of options.keys and options.jwksUri');
  }
  const resolvedKeys =
    keys ??
    createRemoteJwks(jwksUri as string, {
      ...(fetch === undefined ? {} : { fetch }),
      ...(allowInsecureLoopback === undefined ? {} : { allowInsecureLoopback }),
    });
  return {
    ...rest,
    keys: resolvedKeys,
    ...(entra === undefined
      ? {}
      : {
          entra: {
            ...entra,
            replayStore:
              entra.replayStore ??
              new InMemoryReplayStore(rest.clock === undefined ? {} : { clock: rest.clock }),
          },
        }),
  };
}

/**
 * Builds the guard every middleware uses: verify both credentials, run both checks, answer
 * 401 (RFC 6750 challenge) for missing or invalid credentials, 403 when the agent or the human is
 * not authorized, 503 when keys or the replay store are unreachable, and audit every decision.
 *
 * @example
 * const guard = createDualAuthGuard({
 *   vendor: 'okta',
 *   issuer: 'https://example.okta.com/oauth2/aus123',
 *   audience: 'https://api.example.com/finance',
 *   jwksUri: 'https://example.okta.com/oauth2/aus123/v1/keys',
 *   agentAllowed: agentHasScope('finance.read'),
 *   humanAllowed: humanIn(financeUserIds),
 *   logger,
 * });
 * const decision = await guard.checkRequest(request);
 */
export function createDualAuthGuard(options: DualAuthGuardOptions): DualAuthGuard {
  if (typeof options !== 'object' || options === null)
    throw new TypeError('options must be an object');
  if (typeof options.agentAllowed !== 'function' || typeof options.humanAllowed !== 'function') {
    throw new TypeError('options.agentAllowed and options.humanAllowed must both be functions');
  }
  if (options.onDecision !== undefined && typeof options.onDecision !== 'function') {
    throw new TypeError('options.onDecision must be a function');
  }
  const verifyOptions = resolveVerifyOptions(options);
  assertVerifyOptions(verifyOptions);
  const { agentAllowed, humanAllowed, realm, onDecision } = options;
  const logger = options.logger ?? noopLogger;

  const emit = async (audit: DualAuthAuditEvent) => {
    const { event, ...fields } = audit;
    if (audit.decision === 'ALLOW') logger.info(event, fields);
    else logger.warn(event, fields);
    if (onDecision === undefined) return;
    try {
      await onDecision(audit);
    } catch (error) {
      logger.error('dual_auth_audit_failed', {
        error_type: error instanceof Error ? error.name : typeof error,
      });
    }
  };

  const deny = async (
    input: GuardInput,
    status: 401 | 403 | 503,
    fields: {
      error: string;
      description: string;
      failedSide: AuditFailedSide;
      reason: string;
      challenge?: string;
      subject?: DualSubject;
    },
  ): Promise<GuardDenial> => {
    const audit = auditEvent(input, fields.subject, {
      decision: 'DENY',
      status,
      failed_side: fields.failedSide,
      reason: fields.reason,
    });
    await emit(audit);
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
      audit,
    };
  };

  const unavailable = (input: GuardInput, reason: string) =>
    deny(input, 503, {
      error: 'temporarily_unavailable',
      description: 'The credentials could not be checked right now; try again later',
      failedSide: 'credentials',
      reason,
    });

  const auditEvent = (
    input: GuardInput,
    subject: DualSubject | undefined,
    outcome: Pick<DualAuthAuditEvent, 'decision' | 'status' | 'failed_side' | 'reason'>,
  ): DualAuthAuditEvent => ({
    event: 'dual_auth_decision',
    vendor: verifyOptions.vendor,
    route: input.route,
    method: input.method,
    agent_id: subject?.agent.id,
    human_id: subject?.human.sub,
    human_oid: subject?.human.oid,
    ...outcome,
  });

  const check = async (input: GuardInput): Promise<GuardDecision> => {
    let subject: DualSubject;
    try {
      const credentials = readBearerCredentials(input.authorization, input.actAssertion);
      subject = await verifyDualSubjectToken(credentials.accessToken, {
        ...verifyOptions,
        actAssertion: credentials.actAssertion,
      });
    } catch (error) {
      if (!DualSubjectVerificationError.isInstance(error)) throw error;
      if (error.reason === 'key_unavailable' || error.reason === 'replay_store_unavailable') {
        return unavailable(input, error.auditReason);
      }
      const noCredentials = error.absent && error.credential === 'access_token';
      return deny(input, 401, {
        error: 'invalid_token',
        description: error.message,
        failedSide: 'credentials',
        reason: error.auditReason,
        challenge: bearerChallenge(
          noCredentials ? { realm } : { realm, error: 'invalid_token', description: error.message },
        ),
      });
    }
    const result = await authorize({
      subject,
      agentAllowed,
      humanAllowed,
      ...(input.signal === undefined ? {} : { signal: input.signal }),
    });
    for (const side of ['agent', 'human'] as const) {
      const thrown = result[side].error;
      if (thrown !== undefined) {
        logger.error('dual_auth_check_failed', {
          side,
          agent_id: subject.agent.id,
          human_id: subject.human.sub,
          error_type: thrown instanceof Error ? thrown.name : typeof thrown,
        });
      }
    }
    if (result.failedSide !== undefined) {
      const description = DESCRIPTIONS[result.failedSide] as string;
      return deny(input, 403, {
        error: 'insufficient_scope',
        description,
        failedSide: result.failedSide,
        reason: result.reason,
        subject,
        challenge: bearerChallenge({ realm, error: 'insufficient_scope', description }),
      });
    }
    const audit = auditEvent(input, subject, {
      decision: 'ALLOW',
      status: 200,
      failed_side: undefined,
      reason: result.reason,
    });
    await emit(audit);
    return { decision: 'ALLOW', status: 200, subject, authorization: result, audit };
  };

  const guarded = async (input: GuardInput): Promise<GuardDecision> => {
    try {
      return await check(input);
    } catch (error) {
      logger.error('dual_auth_verification_unavailable', {
        error_type: error instanceof Error ? error.name : typeof error,
      });
      return unavailable(input, 'verification_unavailable');
    }
  };

  return {
    check: guarded,
    checkRequest: (request, route) =>
      guarded({
        authorization: request.headers.get('authorization'),
        actAssertion: request.headers.get(ACT_ASSERTION_HEADER),
        method: request.method,
        route: route ?? new URL(request.url).pathname,
        signal: request.signal,
      }),
  };
}
