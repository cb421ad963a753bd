import type { Act } from '../contracts/act.js';
import type { DualSubjectToken } from '../contracts/dual-subject-token.js';
import type { LogFields, Logger } from '../contracts/logger.js';
import type { Vendor } from '../contracts/vendor.js';
import { errorClassOf } from '../errors/error-class-of.js';
import { TokenRequestError } from '../errors/token-request-error.js';
import { actForLogging } from '../redaction/redact.js';
import { scopeNamesForLogging } from '../redaction/scope-names-for-logging.js';
import { countMetric } from '../telemetry/telemetry.js';
import { loggableErrorType } from './loggable-error-type.js';

/** The request a {@link TokenRequestLog} event is about. */
export interface LoggedRequest {
  readonly agentId: string;
  readonly act: Act;
  readonly scope: readonly string[];
}

/** The reference's base events of one token request, with IAM identifiers only. */
export interface TokenRequestLog {
  /**
   * `token_request_start` (info): agent, `human_id` = act.sub, `oid`, the act's field names, the
   * scope names (emails and the act's values blanked: `scopeNamesForLogging`).
   */
  start(request: LoggedRequest): void;
  /** `token_request_success` (info): token type, lifetime, whether an act assertion came too. */
  success(request: LoggedRequest, token: DualSubjectToken): void;
  /**
   * `token_request_error` (error): status, the IdP's error code when it is a registered one or
   * one of `vendorCodes`, else `other` (see `loggableErrorType`), or the error's class, attempts.
   */
  failure(request: LoggedRequest, error: unknown): void;
}

/**
 * The logging helpers every adapter shares. Nothing logged here can be a token, an assertion, a
 * secret, an email or a name: the act is reduced by `actForLogging`, and the IdP's `error` (remote
 * text, code-shaped or not) is logged and counted only as a registered code or one of
 * `vendorCodes` (the vendor's `byError` codes), else `other`.
 *
 * @example
 * const log = createTokenRequestLog(logger, 'okta');
 * log.start({ agentId, act, scope });
 */
export function createTokenRequestLog(
  logger: Logger,
  vendor: Vendor,
  vendorCodes: readonly string[] = [],
): TokenRequestLog {
  const base = (request: LoggedRequest): LogFields => ({
    vendor,
    agent_id: request.agentId,
    ...actForLogging(request.act),
  });
  return {
    start: (request) =>
      logger.info('token_request_start', {
        ...base(request),
        // A per-user scope names the human (`mail:<login>`), as in token_scope_widened.
        scope: scopeNamesForLogging(
          request.scope,
          Object.values(request.act).filter((value) => typeof value === 'string'),
          request.scope,
        ),
      }),
    success: (request, token) => {
      logger.info('token_request_success', {
        ...base(request),
        token_type: token.tokenType,
        expires_in: token.expiresIn,
        has_act_assertion: token.actAssertion !== undefined,
      });
      countMetric('dual_auth.token.requests', {
        'dual_auth.vendor': vendor,
        'dual_auth.outcome': 'success',
      });
    },
    failure: (request, error) => {
      const tokenError = TokenRequestError.isInstance(error) ? error : undefined;
      const errorType =
        tokenError?.error === undefined
          ? errorClassOf(error)
          : loggableErrorType(tokenError.error, vendorCodes);
      logger.error('token_request_error', {
        ...base(request),
        status_code: tokenError?.status,
        attempts: tokenError?.attempts,
        error_type: errorType,
      });
      countMetric('dual_auth.token.requests', {
        'dual_auth.vendor': vendor,
        'dual_auth.outcome': 'failure',
        'error.type': errorType,
      });
    },
  };
}
