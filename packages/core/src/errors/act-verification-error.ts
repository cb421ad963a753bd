import { DualAuthError, markError } from './dual-auth-error.js';
import { errorOptions } from './error-arguments.js';

// Symbol.for('dual-auth.error.ActVerificationError'), set by markError.
declare const SYMBOL: unique symbol;

/**
 * Why a credential was refused: an act JWT (`@dual-auth/session`), an access token or an act
 * assertion (`@dual-auth/resource`). One closed set for every verifier, produced by the one
 * verification routine of `@dual-auth/core/jwt` and the checks after it:
 * - the token itself: `malformed` (shape, encoding, JSON, `crit`, repeated credential), `too_large`,
 *   `unsupported_algorithm` (an `alg` outside the allow-list, `none`, HMAC), `bad_signature`;
 * - its key: `unknown_key` (no key of the issuer verifies it), `key_unavailable` (an outage);
 * - its claims: `expired`, `not_yet_valid`, `issued_in_future`, `missing_claim`, `wrong_issuer`,
 *   `wrong_audience`, `ttl_too_long`, `missing_jti`, `invalid_act`;
 * - replay: `replayed`, `replay_check_failed` (the store cannot decide: it had to forget an
 *   unexpired `jti`, or it failed), `replay_store_unavailable` (a shared store is unreachable);
 * - delegation: `binding_mismatch` (an act assertion not bound to its token), `layout_mismatch`
 *   (a token of another delegation layout than the one configured), `chain_too_deep` (more actors
 *   than the configured limit);
 * - ending a delegation: `revoked` (issued for a human before that human's "not before" cut-off),
 *   `cutoff_store_unavailable` (the shared cut-off store is unreachable: an outage);
 * - introspection (RFC 7662, opaque tokens): `inactive` (the IdP says `active: false`),
 *   `introspection_unavailable` (the endpoint could not give an answer: an outage, not a refusal);
 * - how it was sent: `sent_in_url` (an access token in the URL's `access_token` query parameter,
 *   RFC 6750 §2.3: in the logs of every proxy and server on its way, §5.3, so it is revoked).
 */
export type ActVerificationReason =
  | 'malformed'
  | 'too_large'
  | 'unsupported_algorithm'
  | 'bad_signature'
  | 'unknown_key'
  | 'key_unavailable'
  | 'expired'
  | 'not_yet_valid'
  | 'issued_in_future'
  | 'missing_claim'
  | 'wrong_issuer'
  | 'wrong_audience'
  | 'missing_jti'
  | 'replayed'
  | 'replay_check_failed'
  | 'replay_store_unavailable'
  | 'invalid_act'
  | 'ttl_too_long'
  | 'binding_mismatch'
  | 'layout_mismatch'
  | 'chain_too_deep'
  | 'revoked'
  | 'cutoff_store_unavailable'
  | 'inactive'
  | 'introspection_unavailable'
  | 'sent_in_url';

/**
 * Whether `reason` is an outage, not a refusal: the credential could not be checked (keys, a
 * shared store or the introspection endpoint did not answer) and may be valid. Every verifier
 * answers it alike: 503 with `Retry-After` at the resource, and an audit record with
 * `failed_side: "credentials"` (resource and session), never the human's or the agent's side.
 */
export function isOutageReason(reason: string): boolean {
  // A pattern, not a module-level Set: a bundle that never calls this drops it whole.
  return /^(key|replay_store|cutoff_store|introspection)_unavailable$/.test(reason);
}

/** What an {@link ActVerificationError} carries besides its message. */
export interface ActVerificationErrorOptions {
  reason: ActVerificationReason;
  message: string;
  /** The claim at fault, when one is (`exp`, `aud`, `act.sub`…). */
  claim?: string;
  cause?: unknown;
}

/** A credential was refused (see {@link ActVerificationReason}). The message helps the caller; it never echoes the token. */
export class ActVerificationError extends DualAuthError {
  // Set in the constructor: a computed class field keeps the class in every bundle (see
  // defineInspect).
  declare readonly [SYMBOL]: true;
  declare readonly reason: ActVerificationReason;
  declare readonly claim: string | undefined;

  /**
   * @throws TypeError naming the class and the option when `options` is not an object (or one
   *   whose getters or Proxy traps throw) or a field is not of its type.
   */
  constructor(options: ActVerificationErrorOptions) {
    const { reason, message, claim, cause } = errorOptions(options, 'ActVerificationError', {
      message: 'string',
      reason: 'string',
      claim: 'string?',
    });
    super('ERR_ACT_VERIFICATION', { message, cause });
    markError(this, 'ActVerificationError');
    this.reason = reason;
    this.claim = claim;
  }

  static override isInstance(error: unknown): error is ActVerificationError {
    return DualAuthError.hasMarker(error, 'dual-auth.error.ActVerificationError');
  }

  protected override details(): Record<string, unknown> {
    return { reason: this.reason, claim: this.claim };
  }
}
