import {
  type Act,
  ActVerificationError,
  type DelegationCutoffStore,
  errorClassOf,
  humanIdForLogging,
  prepareHumanIdForLogging,
} from '@dual-auth/core';
import {
  type DelegationCredential,
  refuseEndedDelegation,
} from './act-jwt/refuse-ended-delegation.js';
import type { AdapterTokenRequestContext } from './adapter-token-request.js';
import { type AuditedTokenRequest, auditTokenRequest } from './token-audit.js';

/**
 * Where a delegation began (an act JWT, or the human's subject token in session), and where its
 * human's cut-off is read.
 */
export interface DelegationStart {
  /** The store `endDelegation` writes (shared across agent instances: Redis). */
  cutoffStore: DelegationCutoffStore;
  /**
   * The credential's `iat`, in seconds since the epoch; `undefined` for one that carries no date
   * (an opaque subject token, none at all): the cut-off is only read, for the cache.
   */
  issuedAtSeconds: number | undefined;
  /** The verifier's clock tolerance, in seconds: a cut-off this much after `iat` ends it too. */
  clockToleranceSeconds: number;
  /** How a refusal names the credential; default the act JWT. */
  credential?: DelegationCredential | undefined;
  /**
   * Whether a `revoked` refusal drops the human's cached tokens; default true. In session, false:
   * every lookup there reads the cut-off and passes over the tokens issued at or before it, and
   * `endDelegation` drops them once; dropping them on each refusal would let a stale tab or
   * device, retrying with its old subject token, empty the tokens the human's new session cached
   * after the cut-off, and forget its requests under way, each time (IdP load, 429s).
   */
  dropCacheOnRefusal?: boolean | undefined;
}

/**
 * Refuses to go on with a delegation that `endDelegation` has ended since it began: logs
 * `jwt_delegation_ended` (as the act JWT verifier does) and, unless `start.dropCacheOnRefusal` is
 * false, drops the human's cached tokens, so none of them is served again. With `audited` (a
 * check before any IdP request), the refusal is also the request's audit record (DENY). Resolves the human's cut-off read (ms since the epoch;
 * `undefined` when none), which may be earlier than the start: a cached token issued at or before
 * it is not served.
 *
 * @throws ActVerificationError `revoked` when the human's cut-off is at or after the start, or
 * `cutoff_store_unavailable` when the store did not answer (fail closed; nothing is dropped).
 */
export async function checkDelegationNotEnded(
  context: AdapterTokenRequestContext,
  act: Act,
  start: DelegationStart,
  audited?: AuditedTokenRequest,
): Promise<number | undefined> {
  try {
    return await refuseEndedDelegation(
      start.cutoffStore,
      act,
      start.issuedAtSeconds,
      start.clockToleranceSeconds,
      start.credential,
    );
  } catch (error) {
    const reason = ActVerificationError.isInstance(error) ? error.reason : undefined;
    const { logger, cache } = context;
    // Off Node, the digest an email-shaped human is logged as: an in-session request checks before
    // requestThroughAdapter prepared its act (core's humanIdForLogging reads it from the act).
    const preparing = prepareHumanIdForLogging(act);
    if (preparing !== undefined) await preparing;
    logger.warn(reason === 'revoked' ? 'jwt_delegation_ended' : 'jwt_invalid', {
      reason,
      human_id: humanIdForLogging(act),
    });
    if (audited !== undefined) auditTokenRequest(logger, audited, error);
    if (reason === 'revoked' && start.dropCacheOnRefusal !== false) {
      // The cut-off already stands; a cache that cannot drop now is logged, never a token served.
      await cache?.invalidate(act.sub).catch((dropError: unknown) => {
        logger.warn('token_cache_invalidate_failed', {
          human_id: humanIdForLogging(act),
          error_type: errorClassOf(dropError),
        });
      });
    }
    throw error;
  }
}
