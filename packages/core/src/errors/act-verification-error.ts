import { DualAuthError } from './dual-auth-error.js';

const MARKER = 'dual-auth.error.ActVerificationError';
const SYMBOL = Symbol.for(MARKER);

/** Why a signed act JWT (or act assertion) was refused. */
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
  | 'binding_mismatch';

/** What an {@link ActVerificationError} carries besides its message. */
export interface ActVerificationErrorOptions {
  reason: ActVerificationReason;
  message: string;
  /** The claim at fault, when one is (`exp`, `aud`, `act.sub`…). */
  claim?: string;
  cause?: unknown;
}

/** A signed act JWT was refused. The message helps the caller; it never echoes the token. */
export class ActVerificationError extends DualAuthError {
  readonly [SYMBOL] = true;
  readonly reason: ActVerificationReason;
  readonly claim: string | undefined;

  constructor({ reason, message, claim, cause }: ActVerificationErrorOptions) {
    super('ERR_ACT_VERIFICATION', { message, cause });
    this.name = 'ActVerificationError';
    this.reason = reason;
    this.claim = claim;
  }

  static override isInstance(error: unknown): error is ActVerificationError {
    return DualAuthError.hasMarker(error, MARKER);
  }

  protected override details(): Record<string, unknown> {
    return { reason: this.reason, claim: this.claim };
  }
}
