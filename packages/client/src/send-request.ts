import ky, { isKyError, isNetworkError, isTimeoutError } from 'ky';

/** One HTTP request, exactly as it goes on the wire (no retry, no redirect following). */
export interface SendRequestOptions {
  readonly method: string;
  readonly url: URL;
  readonly headers: Headers;
  readonly body: string | undefined;
  readonly signal: AbortSignal | undefined;
  /** Milliseconds until the response headers must have arrived. */
  readonly timeout: number;
  readonly fetch: typeof globalThis.fetch | undefined;
}

/** Why a request got no answer. `error` is anything unexpected (not retried). */
export type RequestFailure = 'timeout' | 'network' | 'error';

/** The answer, or why none came. */
export type SendResult =
  | { readonly response: Response }
  | { readonly failure: RequestFailure; readonly cause: unknown };

/**
 * Sends one request through ky with ky's risky defaults switched off: no retry (the caller
 * retries), no redirect following (`redirect: 'manual'`), no throwing on HTTP errors. ky's errors
 * hold the request and its `Authorization` header, so they are never passed on: only the
 * underlying network error is kept as a cause.
 *
 * @throws `signal.reason` when the caller aborts.
 */
export async function sendRequest(options: SendRequestOptions): Promise<SendResult> {
  try {
    const response = await ky(options.url, {
      method: options.method,
      headers: options.headers,
      body: options.body ?? null,
      timeout: options.timeout,
      retry: 0,
      throwHttpErrors: false,
      redirect: 'manual',
      ...(options.signal === undefined ? {} : { signal: options.signal }),
      ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    });
    return { response };
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason;
    if (isTimeoutError(error)) return { failure: 'timeout', cause: undefined };
    if (isNetworkError(error)) return { failure: 'network', cause: error.cause };
    if (isKyError(error)) return { failure: 'error', cause: undefined };
    // fetch reports every network failure as a TypeError; ky recognises only some runtimes' texts.
    if (error instanceof TypeError) return { failure: 'network', cause: error };
    return { failure: 'error', cause: error };
  }
}
