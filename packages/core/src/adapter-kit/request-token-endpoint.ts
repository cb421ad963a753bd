import type { Clock } from '../contracts/clock.js';
import { systemClock } from '../contracts/clock.js';
import type { Logger } from '../contracts/logger.js';
import type { RandomBytes } from '../contracts/random.js';
import { webCryptoRandomBytes } from '../contracts/random.js';
import type { Vendor } from '../contracts/vendor.js';
import { TokenRequestError } from '../errors/token-request-error.js';
import { noopLogger } from '../logging/noop-logger.js';
import { urlForLogging } from '../redaction/redact.js';
import { safeCause } from '../secrets-kit/safe-cause.js';
import { assertHttpsUrl } from './assert-https-url.js';
import type { FormFields } from './encode-form.js';
import { encodeForm } from './encode-form.js';
import { positiveOption } from './positive-option.js';
import type { JsonBody } from './read-json-body.js';
import { readJsonBody } from './read-json-body.js';
import type { RetryOptions, RetryPolicy } from './retry-policy.js';
import { backoffDelay, parseRetryAfter, resolveRetryPolicy } from './retry-policy.js';
import { type Sleep, timerSleep } from './sleep.js';
import type { StatusMessages } from './token-endpoint-error.js';
import { readOAuthError, tokenErrorFromResponse } from './token-endpoint-error.js';

/** What a token endpoint answered with status 200: a JSON object with an `access_token`. */
export type TokenEndpointJson = Readonly<Record<string, unknown>> & {
  readonly access_token: string;
};

/** What {@link requestTokenEndpoint} takes. */
export interface RequestTokenEndpointOptions {
  vendor: Vendor;
  /** The IdP's name in messages (`Keycloak`). Default: `vendor`. */
  label?: string | undefined;
  tokenUrl: string | URL;
  /**
   * Builds the form of one attempt, called again for every retry so that each attempt carries a
   * fresh client assertion and `jti` (single-use assertions are refused when replayed).
   */
  buildForm: (state: { attempt: number }) => FormFields | Promise<FormFields>;
  messages: StatusMessages;
  /** The `Accept` header. Default `application/json` (the reference's Entra ID call sends `*\/*`). */
  accept?: string | undefined;
  /** Per-attempt timeout covering the answer and its body. Default 10000. */
  timeoutMs?: number | undefined;
  signal?: AbortSignal | undefined;
  retry?: RetryOptions | false | undefined;
  /** Largest answer body read. Default 1 MiB. */
  maxResponseBytes?: number | undefined;
  allowInsecureLoopback?: boolean | undefined;
  /** Default: `globalThis.fetch`, looked up at call time. */
  fetch?: typeof globalThis.fetch | undefined;
  clock?: Clock | undefined;
  random?: RandomBytes | undefined;
  logger?: Logger | undefined;
  sleep?: Sleep | undefined;
}

interface Attempt {
  readonly options: RequestTokenEndpointOptions;
  readonly url: URL;
  readonly label: string;
  readonly logger: Logger;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_RESPONSE_BYTES = 1_048_576;

const MAX_CAUSE_DEPTH = 4;

/**
 * A copy of a fetch failure and its causes with only name, code and message: an injected fetch
 * (ky's HTTPError, a proxy agent's error) may hold the request, and so the form with its secret.
 */
function safeFetchCause(error: unknown, depth = 0): Error {
  const copy = safeCause(error);
  const inner = error instanceof Error ? error.cause : undefined;
  if (inner !== undefined && depth < MAX_CAUSE_DEPTH) {
    Object.defineProperty(copy, 'cause', {
      value: safeFetchCause(inner, depth + 1),
      configurable: true,
      writable: true,
    });
  }
  return copy;
}

function causeCode(cause: unknown): string {
  const inner = (cause as { cause?: { code?: unknown } } | undefined)?.cause?.code;
  if (typeof inner === 'string') return inner;
  return cause instanceof Error ? cause.name : typeof cause;
}

function invalidResponse(attempt: Attempt, detail: string): TokenRequestError {
  attempt.logger.error(`${attempt.options.vendor}_response_error`, {
    status_code: 200,
    error_type: detail,
  });
  return new TokenRequestError({
    message: `Invalid response from ${attempt.label}: ${detail}`,
    status: 200,
    vendor: attempt.options.vendor,
  });
}

function successBody(attempt: Attempt, body: JsonBody): TokenEndpointJson {
  if (body.kind === 'too-large') throw invalidResponse(attempt, 'body too large');
  if (body.kind === 'not-json') throw invalidResponse(attempt, 'body is not JSON');
  const json = body.value;
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw invalidResponse(attempt, 'body is not a JSON object');
  }
  const token = (json as Record<string, unknown>).access_token;
  if (typeof token !== 'string' || token === '') {
    throw invalidResponse(attempt, 'no access_token');
  }
  return json as TokenEndpointJson;
}

interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: JsonBody;
}

/** Sends one form and reads the answer, within the timeout; a failure is a network error. */
async function post(attempt: Attempt, number: number, form: FormFields): Promise<Answer> {
  const { options, url, label, logger } = attempt;
  const timeoutMs = positiveOption(options.timeoutMs, 'timeoutMs', DEFAULT_TIMEOUT_MS);
  const maxBytes = positiveOption(
    options.maxResponseBytes,
    'maxResponseBytes',
    DEFAULT_MAX_RESPONSE_BYTES,
  );
  const body = encodeForm(form);
  // The form may have taken a while to sign: an abort in the meantime fired no event.
  options.signal?.throwIfAborted();
  const controller = new AbortController();
  const timedOut = new Error(`timed out after ${timeoutMs} ms`);
  const timer = setTimeout(() => controller.abort(timedOut), timeoutMs);
  const onAbort = (): void => controller.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const fetchImpl = options.fetch ?? globalThis.fetch;
    const response = await fetchImpl(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        accept: options.accept ?? 'application/json',
      },
      body,
      redirect: 'manual',
      signal: controller.signal,
    });
    const json = await readJsonBody(response, maxBytes);
    return { status: response.status, headers: response.headers, body: json };
  } catch (cause) {
    if (options.signal?.aborted) throw options.signal.reason;
    const kind = controller.signal.reason === timedOut ? timedOut.message : causeCode(cause);
    logger.error(`${options.vendor}_network_error`, { error_type: kind, attempt: number });
    throw new TokenRequestError({
      message: `Network error connecting to ${label}: ${kind}`,
      vendor: options.vendor,
      retryable: true,
      cause: safeFetchCause(cause),
    });
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
  }
}

/** One attempt: a fresh form, one POST, the answer checked or mapped to a TokenRequestError. */
async function attemptOnce(attempt: Attempt, number: number): Promise<TokenEndpointJson> {
  const { options, logger } = attempt;
  const form = await options.buildForm({ attempt: number });
  const { status, headers, body } = await post(attempt, number, form);
  if (status === 200) return successBody(attempt, body);
  const error = readOAuthError(body);
  logger.error(`${options.vendor}_token_error`, {
    status_code: status,
    error_type: error.errorType,
    error_codes: error.vendorCodes,
  });
  throw tokenErrorFromResponse({
    vendor: options.vendor,
    status,
    body: error,
    messages: options.messages,
    retryAfter: parseRetryAfter(headers.get('retry-after'), options.clock ?? systemClock),
  });
}

function retryDelay(
  error: TokenRequestError,
  policy: RetryPolicy,
  retry: number,
  random: RandomBytes,
): number | undefined {
  if (error.retryAfter === undefined) return backoffDelay(policy, retry, random);
  const ms = error.retryAfter * 1000;
  return ms > policy.maxRetryAfterMs ? undefined : ms;
}

/**
 * POSTs a form to an OAuth token endpoint and returns the token JSON: HTTPS only (loopback
 * `http:` by opt-in), a per-attempt timeout, the caller's `AbortSignal`, a bounded body, and the
 * IdP's error answers mapped to {@link TokenRequestError} with the status, the IdP's `error`,
 * `error_description`, vendor codes, `retryAfter` and `retryable`.
 *
 * Retries 429, 500, 502, 503, 504, network errors and timeouts with jittered exponential backoff
 * (or `Retry-After` up to a cap), never other statuses nor `invalid_client`/`invalid_grant`,
 * and builds a new form for every attempt. Neither the form nor any header is ever put in an
 * error or a log. An abort rejects with the signal's reason, as `fetch` does.
 *
 * @throws ConfigurationError when the token URL is not HTTPS.
 * @throws TokenRequestError when no token was issued.
 * @example
 * const json = await requestTokenEndpoint({
 *   vendor: 'keycloak',
 *   tokenUrl,
 *   buildForm: async () => [['grant_type', 'client_credentials'], ['client_assertion', await sign()]],
 *   messages: { byStatus: { 401: 'Authentication failed' }, other: ({ status }) => `error (${status})` },
 * });
 */
export async function requestTokenEndpoint(
  options: RequestTokenEndpointOptions,
): Promise<TokenEndpointJson> {
  if (typeof options?.buildForm !== 'function') {
    throw new TypeError('requestTokenEndpoint: buildForm must be a function');
  }
  const url = assertHttpsUrl(options.tokenUrl, {
    name: 'tokenUrl',
    allowInsecureLoopback: options.allowInsecureLoopback,
  });
  const policy = resolveRetryPolicy(options.retry);
  const attempt: Attempt = {
    options,
    url,
    label: options.label ?? options.vendor,
    logger: options.logger ?? noopLogger,
  };
  const random = options.random ?? webCryptoRandomBytes;
  const sleep = options.sleep ?? timerSleep;
  options.signal?.throwIfAborted();
  for (let number = 1; ; number++) {
    try {
      return await attemptOnce(attempt, number);
    } catch (error) {
      if (!TokenRequestError.isInstance(error) || !error.retryable || number > policy.limit) {
        throw error;
      }
      const delay = retryDelay(error, policy, number, random);
      if (delay === undefined) throw error;
      attempt.logger.warn('token_request_retry', {
        vendor: options.vendor,
        token_url: urlForLogging(url),
        attempt: number,
        delay_ms: delay,
        status_code: error.status,
      });
      await sleep(delay, options.signal);
    }
  }
}
