/** A failure the local IdP's token endpoint answers with instead of (or before) a real answer. */
export interface InjectedFailure {
  /** HTTP status. Default: 500, or 200 with `malformed`/`oversized`. */
  readonly status?: number;
  /** Response body: a string as is, anything else as JSON. Default: the vendor's error body. */
  readonly body?: unknown;
  /** `Retry-After` header value (seconds or an HTTP date). */
  readonly retryAfter?: number | string;
  /** Wait this long first; alone, the request is then answered normally. */
  readonly delayMs?: number;
  /** Destroy the socket instead of answering (a connection reset). */
  readonly reset?: true;
  /** Answer with a body that is not valid JSON. */
  readonly malformed?: true;
  /** Answer with a 4 MiB JSON body. */
  readonly oversized?: true;
  /** How many token requests in a row fail this way. Default: 1. */
  readonly times?: number;
  /**
   * Only requests of this `grant_type` fail (`urn:ietf:params:oauth:grant-type:token-exchange`,
   * `…:jwt-bearer`, `client_credentials`); the others pass untouched. Default: any grant.
   */
  readonly grantType?: string;
}

/** The size of an `oversized` body. */
export const OVERSIZED_BODY_BYTES = 4 * 1024 * 1024;

/** Queued failures, consumed one token request at a time. @internal */
export class FailureQueue {
  readonly #queue: { failure: InjectedFailure; remaining: number }[] = [];

  push(failure: InjectedFailure): void {
    validate(failure);
    this.#queue.push({ failure, remaining: failure.times ?? 1 });
  }

  take(grantType?: string | null): InjectedFailure | undefined {
    const head = this.#queue[0];
    if (head === undefined) return undefined;
    if (head.failure.grantType !== undefined && head.failure.grantType !== grantType) {
      return undefined;
    }
    head.remaining -= 1;
    if (head.remaining <= 0) this.#queue.shift();
    return head.failure;
  }
}

/** Whether the failure answers the request itself (rather than only delaying it). @internal */
export function answersItself(failure: InjectedFailure): boolean {
  return (
    failure.reset === true ||
    failure.malformed === true ||
    failure.oversized === true ||
    failure.status !== undefined ||
    failure.body !== undefined
  );
}

/** The status and body to send for a failure that answers itself. @internal */
export function failureResponse(
  failure: InjectedFailure,
  vendorBody: (status: number) => Record<string, unknown>,
): { status: number; body: string } {
  if (failure.malformed) {
    return { status: failure.status ?? 200, body: '{"access_token": "eyJ' };
  }
  if (failure.oversized) {
    const padding = 'a'.repeat(OVERSIZED_BODY_BYTES);
    return {
      status: failure.status ?? 200,
      body: JSON.stringify({ access_token: padding, token_type: 'Bearer' }),
    };
  }
  const status = failure.status ?? 500;
  const body = failure.body ?? vendorBody(status);
  return { status, body: typeof body === 'string' ? body : JSON.stringify(body) };
}

function validate(failure: InjectedFailure): void {
  if (typeof failure !== 'object' || failure === null) {
    throw new TypeError('failNext: expected an options object');
  }
  const { status, retryAfter, delayMs, times, grantType } = failure;
  if (grantType !== undefined && (typeof grantType !== 'string' || grantType === '')) {
    throw new TypeError('failNext: grantType must be a non-empty string');
  }
  if (status !== undefined && !(Number.isInteger(status) && status >= 200 && status <= 599)) {
    throw new TypeError('failNext: status must be an integer HTTP status (200-599)');
  }
  if (
    retryAfter !== undefined &&
    typeof retryAfter !== 'number' &&
    typeof retryAfter !== 'string'
  ) {
    throw new TypeError('failNext: retryAfter must be a number of seconds or a string');
  }
  if (delayMs !== undefined && !(Number.isFinite(delayMs) && delayMs >= 0)) {
    throw new TypeError('failNext: delayMs must be a non-negative number');
  }
  if (times !== undefined && !(Number.isInteger(times) && times >= 1)) {
    throw new TypeError('failNext: times must be a positive integer');
  }
}
