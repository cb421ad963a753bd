import { ActVerificationError, type ActVerificationReason, errorOptions } from '@dual-auth/core';

const MARKER = 'dual-auth.error.DualSubjectVerificationError';
const SYMBOL = /* @__PURE__ */ Symbol.for(MARKER);

/**
 * Which credential of a dual-subject request was refused: `dpop_proof` is the `DPoP` header of a
 * request sent with the DPoP scheme (RFC 9449 §4), checked when the guard has `dpop`.
 */
export type DualSubjectCredential = 'access_token' | 'act_assertion' | 'dpop_proof';

/** What a {@link DualSubjectVerificationError} carries. */
export interface DualSubjectVerificationErrorOptions {
  credential: DualSubjectCredential;
  reason: ActVerificationReason;
  message: string;
  /**
   * For this API's operator (a fixed text, never a claim value): a setting of this API that may be
   * what is wrong, or what to do (revoke a token sent in a URL). Appended to `message` for the
   * server's error and log, left out of {@link DualSubjectVerificationError.description}.
   */
  hint?: string | undefined;
  claim?: string;
  /** True when the credential was not sent at all (no `Authorization` / `X-Act-Assertion`). */
  absent?: boolean;
  /**
   * True when the request itself is malformed, read from its headers and URL alone before any
   * token is looked at: a credential header sent more than once, or one that breaks its syntax
   * (RFC 6750 §2.1 `Bearer <b64token>`, one compact JWT in `X-Act-Assertion`), or an
   * `access_token` query parameter (§2.3, reason `sent_in_url`). The guard answers it 400
   * `invalid_request` (RFC 6750 §3.1), not 401: a new token would not help.
   */
  malformedRequest?: boolean;
  cause?: unknown;
}

/**
 * A dual-subject request was refused before authorization: its access token or (Entra ID) its act
 * assertion did not verify. An {@link ActVerificationError} (code `ERR_ACT_VERIFICATION`) that also
 * says which credential failed, so a resource server answers 401 and audits the reason. The message
 * never echoes a token or a claim value. `description` is what a client is told: the message
 * without the server-side `hint`.
 */
export class DualSubjectVerificationError extends ActVerificationError {
  // Set in the constructor: a computed class field keeps the class in every bundle of the
  // published dist, used or not (evanw/esbuild#3189).
  declare readonly [SYMBOL]: true;
  declare readonly credential: DualSubjectCredential;
  declare readonly absent: boolean;
  /** The request is malformed (see the option): answered 400 `invalid_request`, not 401. */
  declare readonly malformedRequest: boolean;
  /** The API setting that may be at fault, for the server only (see the option). */
  declare readonly hint: string | undefined;
  /** The refusal for the client (RFC 6750 `error_description`): the message without the hint. */
  declare readonly description: string;

  /**
   * @throws TypeError naming the class and the option when `options` is not an object (or one
   *   whose getters or Proxy traps throw) or a field is not of its type.
   */
  constructor(options: DualSubjectVerificationErrorOptions) {
    const { credential, reason, message, hint, claim, absent, malformedRequest, cause } =
      errorOptions(options, 'DualSubjectVerificationError', {
        credential: 'string',
        reason: 'string',
        message: 'string',
        hint: 'string?',
        claim: 'string?',
        absent: 'boolean?',
        malformedRequest: 'boolean?',
      });
    super({
      reason,
      message: hint === undefined ? message : `${message}; ${hint}`,
      cause,
      ...(claim === undefined ? {} : { claim }),
    });
    this[SYMBOL] = true;
    this.name = 'DualSubjectVerificationError';
    this.credential = credential;
    this.absent = absent ?? false;
    this.malformedRequest = malformedRequest ?? false;
    this.hint = hint;
    this.description = message;
  }

  /**
   * Runs `verify` and rethrows a refusal of core's routine (an `ActVerificationError`) as this
   * error for `credential`, keeping its reason, claim, message and cause.
   */
  static async refusing<T>(
    credential: DualSubjectCredential,
    verify: () => Promise<T>,
  ): Promise<T> {
    try {
      return await verify();
    } catch (error) {
      if (
        !ActVerificationError.isInstance(error) ||
        DualSubjectVerificationError.isInstance(error)
      ) {
        throw error;
      }
      throw new DualSubjectVerificationError({
        credential,
        reason: error.reason,
        message: error.message,
        ...(error.claim === undefined ? {} : { claim: error.claim }),
        ...(error.cause === undefined ? {} : { cause: error.cause }),
      });
    }
  }

  static override isInstance(error: unknown): error is DualSubjectVerificationError {
    return ActVerificationError.hasMarker(error, MARKER);
  }

  /** Stable audit reason, e.g. `access_token.expired` or `act_assertion.replayed`. */
  get auditReason(): string {
    return `${this.credential}.${this.reason}`;
  }

  protected override details(): Record<string, unknown> {
    return {
      ...super.details(),
      credential: this.credential,
      absent: this.absent,
      malformedRequest: this.malformedRequest,
    };
  }
}
