import { oauthErrorCode } from '../adapter-kit/oauth-error-code.js';
import type { Vendor } from '../contracts/vendor.js';
import { REDACTED, trimRemoteText } from '../redaction/redact.js';
import { DualAuthError, markError } from './dual-auth-error.js';
import { errorOptions } from './error-arguments.js';

// Symbol.for('dual-auth.error.TokenRequestError'), set by markError.
declare const SYMBOL: unique symbol;

/** What a {@link TokenRequestError} carries besides its message. */
export interface TokenRequestErrorOptions {
  /** The reason, without the `Token request failed` prefix the error adds. */
  message: string;
  /** HTTP status of the IdP's answer; absent when no answer came (network, timeout, abort). */
  status?: number;
  vendor?: Vendor;
  /** The IdP's OAuth `error` code (`invalid_client`, …), when its body had one. */
  error?: string;
  /** The IdP's `error_description`, scrubbed of credentials; kept to 200 characters. */
  errorDescription?: string;
  /** Okta `errorCode` or Entra `error_codes`, as the IdP sent them. */
  vendorCodes?: readonly (string | number)[];
  /**
   * Milliseconds the IdP asked us to wait (`Retry-After`, a rate-limit reset), when it did; the
   * caller can schedule the next request by it.
   */
  retryAfterMs?: number;
  /** Whether repeating the same request may succeed (rate limit, 5xx, network). */
  retryable?: boolean;
  /** How many attempts were made, retries included. */
  attempts?: number;
  /**
   * Set when the IdP answered with a token naming another human (`'human'`: its act is missing
   * or names someone else) or another client (`'agent'`) than the request asked for: an IdP
   * misconfiguration, not a failed request (`checkIssuedToken`).
   */
  mismatch?: IssuedTokenMismatch;
  cause?: unknown;
}

/** Which subject of an issued token is not the one asked for ({@link TokenRequestError.mismatch}). */
export type IssuedTokenMismatch = 'human' | 'agent';

/**
 * The IdP did not issue a token, or issued one the adapter refused (HTTP 200: it names another
 * human or agent, `mismatch`, or has an `iss`/`aud`/`exp` the API would refuse; `checkIssuedToken`,
 * an adapter's `IssuedTokenCheck`). Keeps the HTTP status and the IdP's `error` code (the Python
 * library lost both) and the number of attempts. `String(e)` reads like the reference:
 * `TokenRequestError: Token request failed (HTTP 401): …`. `toJSON` and `util.inspect` show the
 * `error` code-shaped only and redact `errorDescription` (both remote free text).
 */
export class TokenRequestError extends DualAuthError {
  // Set in the constructor: a computed class field keeps the class in every bundle (see
  // defineInspect).
  declare readonly [SYMBOL]: true;
  declare readonly status: number | undefined;
  declare readonly vendor: Vendor | undefined;
  /**
   * The IdP's OAuth `error` as it came (credentials scrubbed, 100 characters at most): remote free
   * text that may name a person (`user jane@corp.example not found`), for a caller who reads it
   * deliberately; `toJSON` and `util.inspect` show it only code-shaped (`oauthErrorCode`:
   * `invalid_client`, else `unrecognized_error`), and it is not enumerable, so a logger that
   * writes an error's fields (pino's `err` serializer, `{ ...error }`) leaves it out.
   */
  declare readonly error: string | undefined;
  /**
   * The IdP's `error_description` as it came (credentials scrubbed, 200 characters at most): free
   * text, for a caller who reads it deliberately; `toJSON` and `util.inspect` show `***REDACTED***`;
   * not enumerable, as `error`.
   */
  declare readonly errorDescription: string | undefined;
  declare readonly vendorCodes: readonly (string | number)[] | undefined;
  declare readonly retryAfterMs: number | undefined;
  declare readonly retryable: boolean;
  declare readonly attempts: number | undefined;
  /** Which subject of the issued token was not the one asked for; see the option. */
  declare readonly mismatch: IssuedTokenMismatch | undefined;

  /**
   * @throws TypeError naming the class and the option when `options` is not an object (or one
   *   whose getters or Proxy traps throw) or a field is not of its type.
   */
  constructor(given: TokenRequestErrorOptions) {
    const options = errorOptions(given, 'TokenRequestError', {
      message: 'string',
      status: 'number?',
      vendor: 'string?',
      vendorCodes: 'array?',
      retryAfterMs: 'number?',
      retryable: 'boolean?',
      attempts: 'number?',
      mismatch: 'string?',
    });
    const prefix =
      options.status === undefined
        ? 'Token request failed'
        : `Token request failed (HTTP ${options.status})`;
    super('ERR_TOKEN_REQUEST', { message: `${prefix}: ${options.message}`, cause: options.cause });
    markError(this, 'TokenRequestError');
    this.status = options.status;
    this.vendor = options.vendor;
    // Remote free text, read on purpose: not enumerable, so a logger walking fields skips it.
    Object.defineProperties(this, {
      error: { value: trimRemoteText(options.error, 100) },
      errorDescription: { value: trimRemoteText(options.errorDescription) },
    });
    this.vendorCodes = options.vendorCodes;
    this.retryAfterMs = options.retryAfterMs;
    this.retryable = options.retryable ?? false;
    this.attempts = options.attempts;
    this.mismatch = options.mismatch;
  }

  /** Python parity: `status_code`. */
  get statusCode(): number | undefined {
    return this.status;
  }

  static override isInstance(error: unknown): error is TokenRequestError {
    return DualAuthError.hasMarker(error, 'dual-auth.error.TokenRequestError');
  }

  protected override details(): Record<string, unknown> {
    return {
      status: this.status,
      vendor: this.vendor,
      // Remote free text may name a person: only the code shape is safe to log.
      error: this.error === undefined ? undefined : oauthErrorCode(this.error),
      errorDescription: this.errorDescription === undefined ? undefined : REDACTED,
      vendorCodes: this.vendorCodes,
      retryAfterMs: this.retryAfterMs,
      retryable: this.retryable,
      attempts: this.attempts,
      mismatch: this.mismatch,
    };
  }
}
