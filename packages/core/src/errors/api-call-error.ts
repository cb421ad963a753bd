import { DualAuthError, markError } from './dual-auth-error.js';
import { type ErrorArgumentKind, errorOptions } from './error-arguments.js';

// Symbol.for('dual-auth.error.ApiCallError'), set by markError.
declare const SYMBOL: unique symbol;

/**
 * Why an API call failed: an HTTP error `status` (after retries), no answer within the per-request
 * `timeout` (or a connection the host did not accept in time: undici's connect timeout), the call's total `deadline` (token, attempts, waits and body), a `network` error, a
 * `tls` trust failure (a configuration error, never retried), a refused `redirect`, an answer
 * whose body its `Content-Encoding` does not describe (`encoding`: more codings than the runtime
 * decodes, or a corrupt, cut or mislabelled gzip, deflate, br or zstd body, RFC 9110 §8.4; the
 * API's fault, never retried), a returned answer's body larger than the client reads
 * (`too_large`: past `maxResponseBytes` of decoded bytes, from its reader), or an unexpected
 * `error`.
 */
export type ApiCallFailureReason =
  | 'status'
  | 'timeout'
  | 'deadline'
  | 'network'
  | 'tls'
  | 'redirect'
  | 'encoding'
  | 'too_large'
  | 'error';

/** What an {@link ApiCallError} carries besides its message. */
export interface ApiCallErrorOptions {
  message: string;
  method: string;
  /** The URL without its query string or fragment. */
  url: string;
  /** HTTP status; absent when no answer came (network, timeout, abort). */
  status?: number;
  /** How many attempts were made. */
  attempts?: number;
  /** Why the call failed. */
  reason?: ApiCallFailureReason;
  /**
   * Milliseconds the API asked to wait before trying again (`Retry-After` or a rate-limit reset),
   * when its last answer said so: the call did not wait (over the cap, past the deadline or out of
   * retries), so the caller can schedule the retry.
   */
  retryAfterMs?: number;
  /** The final response, for reading its body; it holds no request headers. */
  response?: Response;
  cause?: unknown;
}

/**
 * The kind of each field of {@link ApiCallErrorOptions} (`?`: may be undefined), as its
 * constructor checks them: a subclass checks its options with these and its own fields through
 * `errorOptions`, under its own name. Frozen: a change would loosen every ApiCallError's checks.
 */
export const API_CALL_ERROR_FIELDS: Readonly<
  Record<Exclude<keyof ApiCallErrorOptions, 'cause'>, ErrorArgumentKind>
> = /* @__PURE__ */ Object.freeze({
  message: 'string',
  method: 'string',
  url: 'string',
  status: 'number?',
  attempts: 'number?',
  reason: 'string?',
  retryAfterMs: 'number?',
  response: 'object?',
});

/** An API call did not succeed. Holds the response for its body, never the token. */
export class ApiCallError extends DualAuthError {
  // Set in the constructor: a computed class field keeps the class in every bundle (see
  // defineInspect).
  declare readonly [SYMBOL]: true;
  declare readonly method: string;
  declare readonly url: string;
  declare readonly status: number | undefined;
  declare readonly attempts: number | undefined;
  declare readonly reason: ApiCallFailureReason | undefined;
  declare readonly retryAfterMs: number | undefined;
  /**
   * The final response, for reading its body; it holds no request headers. Not enumerable: its
   * `url` keeps the query string and its headers what the API sent, so a logger that writes an
   * error's fields (pino's `err` serializer, `{ ...error }`) leaves it out.
   */
  declare readonly response: Response | undefined;

  /**
   * @throws TypeError naming the class and the option when `options` is not an object (or one
   *   whose getters or Proxy traps throw) or a field is not of its type.
   */
  constructor(given: ApiCallErrorOptions) {
    const options = errorOptions(given, 'ApiCallError', API_CALL_ERROR_FIELDS);
    const { message, method, url, status, attempts, response, cause } = options;
    super('ERR_API_CALL', { message, cause });
    markError(this, 'ApiCallError');
    this.method = method;
    this.url = url;
    this.status = status;
    this.attempts = attempts;
    this.reason = options.reason;
    this.retryAfterMs = options.retryAfterMs;
    // Its URL keeps the query, its headers what the API sent: read on purpose, not enumerable.
    Object.defineProperty(this, 'response', { value: response });
  }

  static override isInstance(error: unknown): error is ApiCallError {
    return DualAuthError.hasMarker(error, 'dual-auth.error.ApiCallError');
  }

  protected override details(): Record<string, unknown> {
    return {
      method: this.method,
      url: this.url,
      status: this.status,
      attempts: this.attempts,
      reason: this.reason,
      retryAfterMs: this.retryAfterMs,
    };
  }
}
