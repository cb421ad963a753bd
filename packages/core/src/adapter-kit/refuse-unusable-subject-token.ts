import { MAX_CLOCK_TOLERANCE_SECONDS } from '../config/check-option.js';
import type { Logger } from '../contracts/logger.js';
import type { SubjectToken } from '../contracts/subject-token.js';
import type { Vendor } from '../contracts/vendor.js';
import { SubjectTokenRequiredError } from '../errors/subject-token-required-error.js';
import { jwtHeaderOf } from '../jwt/jwt-header-of.js';
import { jwtTimeFault } from './jwt-time-fault.js';

/** Who refuses, for the log line and the clock: the adapter's vendor, agent and time. */
export interface SubjectTokenRefusalContext {
  /** Ms since the epoch, by the adapter's clock. */
  readonly nowMs: number;
  /** Gets `subject_token_refused` (warn). */
  readonly logger: Logger;
  /** The adapter's vendor, logged. */
  readonly vendor: Vendor;
  /** The agent's client id (an IAM id), logged as `agent_id`. */
  readonly agentId: string;
}

const FRESH =
  "get a fresh token of the human's sign-in (UserSession.subjectToken, or sign the human in again) and pass it";

/**
 * Refuses, before it is sent, a human's token the IdP would plainly refuse after a round trip: a
 * JWT with `alg` `none` (unsigned: RFC 7518 §3.6; no token exchange takes one, RFC 8693 §2.1 has
 * the IdP validate it), or one whose `exp` is past by `MAX_CLOCK_TOLERANCE_SECONDS` or more
 * (300 s, the most any verifier's leeway allows: RFC 7519 §4.1.4), so the user hears "sign in
 * again" from the agent instead of the IdP's `invalid_grant`. The token is decoded only: its
 * signature is not checked (the agent may not hold the key), and an opaque or SAML token is not
 * refused. Logged `subject_token_refused` (warn) with `vendor`, `agent_id` and `reason`
 * (`unsigned`, `expired`): never the token or a claim of it.
 *
 * @throws SubjectTokenRequiredError (`ERR_SUBJECT_TOKEN_REQUIRED`) saying why and to get a fresh
 *   token of the human's sign-in.
 */
export function refuseUnusableSubjectToken(
  token: SubjectToken,
  context: SubjectTokenRefusalContext,
): void {
  const alg = jwtHeaderOf(token.value)?.alg;
  const reason =
    typeof alg === 'string' && alg.toLowerCase() === 'none'
      ? 'unsigned'
      : jwtTimeFault(token.value, context.nowMs, MAX_CLOCK_TOLERANCE_SECONDS) === 'exp'
        ? 'expired'
        : undefined;
  if (reason === undefined) return;
  context.logger.warn('subject_token_refused', {
    vendor: context.vendor,
    agent_id: context.agentId,
    reason,
  });
  throw new SubjectTokenRequiredError(
    reason === 'unsigned'
      ? `subjectToken is unsigned (alg none): no IdP exchanges it; ${FRESH}`
      : `subjectToken is past its exp (by ${MAX_CLOCK_TOLERANCE_SECONDS} s or more by this host's clock): the IdP would refuse it; ${FRESH}, or check this host's clock (NTP)`,
  );
}
