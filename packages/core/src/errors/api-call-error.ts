import { DualAuthError } from './dual-auth-error.js';

const MARKER = 'dual-auth.error.ApiCallError';
const SYMBOL = Symbol.for(MARKER);

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
  /** The final response, for reading its body; it holds no request headers. */
  response?: Response;
  cause?: unknown;
}

/** An API call did not succeed. Holds the response for its body, never the token. */
export class ApiCallError extends DualAuthError {
  readonly [SYMBOL] = true;
  readonly method: string;
  readonly url: string;
  readonly status: number | undefined;
  readonly attempts: number | undefined;
  readonly response: Response | undefined;

  constructor({ message, method, url, status, attempts, response, cause }: ApiCallErrorOptions) {
    super('ERR_API_CALL', { message, cause });
    this.name = 'ApiCallError';
    this.method = method;
    this.url = url;
    this.status = status;
    this.attempts = attempts;
    this.response = response;
  }

  static override isInstance(error: unknown): error is ApiCallError {
    return DualAuthError.hasMarker(error, MARKER);
  }

  protected override details(): Record<string, unknown> {
    return { method: this.method, url: this.url, status: this.status, attempts: this.attempts };
  }
}
