import type { Logger } from '../contracts/logger.js';
import type { Vendor } from '../contracts/vendor.js';
import { ConfigurationError } from '../errors/configuration-error.js';
import { TokenRequestError } from '../errors/token-request-error.js';
import type { Deadline } from './deadline.js';
import { describeNetworkFailure, hostAndPort } from './describe-network-failure.js';
import type { FormFields } from './encode-form.js';
import { encodeForm } from './encode-form.js';
import { fetchFailureCode } from './fetch-failure-code.js';
import { permissionRefusal } from './permission-refusal.js';
import type { JsonBody } from './read-json-body.js';
import { readJsonBody } from './read-json-body.js';
import { safeFetchCause } from './safe-fetch-cause.js';
import { tlsTrustFailure } from './tls-trust-failure.js';

/** What one POST of a token form needs. */
export interface TokenPost {
  readonly vendor: Vendor;
  readonly label: string;
  readonly url: URL;
  readonly accept: string;
  readonly fetch: typeof globalThis.fetch | undefined;
  readonly timeoutMs: number;
  readonly totalTimeoutMs: number;
  readonly maxResponseBytes: number;
  readonly logger: Logger;
  /** The caller's signal; its abort wins over every other outcome. */
  readonly signal: AbortSignal | undefined;
  readonly deadline: Deadline;
}

/** An answer read within the time limits. */
export interface TokenAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: JsonBody;
}

// The `error_type` each network failure's `<vendor>_network_error` line gave, by the error it
// became: the retry that follows says the same (`networkErrorType`).
const NETWORK_ERROR_TYPES = new WeakMap<TokenRequestError | ConfigurationError, string>();

/**
 * The `error_type` the `<vendor>_network_error` line of `error` gave (`ECONNREFUSED`, `timed out
 * after 10000 ms`, `total_timeout`…), or `undefined` when `error` is no network failure of
 * {@link postTokenForm}.
 */
export function networkErrorType(error: TokenRequestError): string | undefined {
  return NETWORK_ERROR_TYPES.get(error);
}

/** Logs `<vendor>_network_error` and returns `error`, remembered with its `error_type`. */
function networkError<E extends TokenRequestError | ConfigurationError>(
  post: TokenPost,
  attempt: number,
  errorType: string,
  error: E,
): E {
  post.logger.error(`${post.vendor}_network_error`, { error_type: errorType, attempt });
  NETWORK_ERROR_TYPES.set(error, errorType);
  return error;
}

/** The error for a total timeout that passed before any token came. */
export function deadlineError(post: TokenPost, attempts: number): TokenRequestError {
  return networkError(
    post,
    attempts,
    'total_timeout',
    new TokenRequestError({
      message: `No token from ${post.label} within totalTimeoutMs (${post.totalTimeoutMs} ms)`,
      vendor: post.vendor,
      retryable: true,
      attempts,
    }),
  );
}

/**
 * What a failed `fetch` or body read means: the caller's abort, the deadline, a TLS setup fault,
 * the network, or (with `answered`, the status of an answer whose headers came) a body that broke
 * off or could not be decoded.
 */
function fetchFailure(
  post: TokenPost,
  attempt: number,
  cause: unknown,
  timedOut: boolean,
  answered?: number,
): unknown {
  if (post.signal?.aborted) return post.signal.reason;
  if (post.deadline.expired()) return deadlineError(post, attempt);
  const kind = timedOut
    ? `timed out after ${post.timeoutMs} ms`
    : (tlsTrustFailure(cause)?.code ?? fetchFailureCode(cause));
  return networkError(
    post,
    attempt,
    kind,
    transportError(post, attempt, cause, timedOut, answered),
  );
}

// What Deno refused, as the token request's error begins: net access reads as before.
function refusedAccess(permission: string | undefined): string {
  if (permission === 'net') return 'Network access refused';
  return `Deno refused ${permission === undefined ? 'a permission' : `${permission} access`}`;
}

/** The error of a failed `fetch` or body read that is neither an abort nor the deadline. */
function transportError(
  post: TokenPost,
  attempt: number,
  cause: unknown,
  timedOut: boolean,
  answered: number | undefined,
): TokenRequestError | ConfigurationError {
  // Setup, not the network: a host Deno may not reach, or a certificate the runtime does not trust.
  const refused = permissionRefusal(cause);
  const tls = refused ?? tlsTrustFailure(cause);
  if (tls !== undefined) {
    return new ConfigurationError({
      message: `${refused ? refusedAccess(refused.permission) : 'TLS certificate check failed'} connecting to ${post.label} (${tls.code}): ${tls.advice}`,
      ...(refused ? {} : { variable: 'NODE_EXTRA_CA_CERTS' }),
      cause: safeFetchCause(cause),
    });
  }
  if (tooManyContentCodings(cause)) {
    // undici refuses an answer naming more codings than it decodes: the IdP answered, and will
    // answer the same way again.
    return new TokenRequestError({
      message: `${post.label} answered with more Content-Encodings than a client decodes (at most 5): check the IdP, and any proxy in between that rewrites Content-Encoding; retrying will not help`,
      vendor: post.vendor,
      retryable: false,
      attempts: attempt,
      cause: safeFetchCause(cause),
    });
  }
  if (answered !== undefined) {
    // The IdP did answer: its host, port and URL are right, so say what broke instead.
    const code = fetchFailureCode(cause);
    const broke = timedOut
      ? `did not arrive within ${post.timeoutMs} ms (timeoutMs): check that the IdP is not overloaded and that nothing in between holds the answer, or raise timeoutMs`
      : `broke off or could not be decoded${/^[A-Z][A-Z0-9_]*$/.test(code) ? ` (${code})` : ''}: check the IdP, and any proxy in between that cuts answers or rewrites Content-Encoding`;
    return new TokenRequestError({
      message: `Network error reading the answer of ${post.label}: it answered HTTP ${answered}, then its body ${broke}`,
      vendor: post.vendor,
      retryable: true,
      attempts: attempt,
      cause: safeFetchCause(cause),
    });
  }
  return new TokenRequestError({
    message: `Network error connecting to ${post.label}: ${
      timedOut
        ? `no answer within ${post.timeoutMs} ms (timeoutMs) from ${hostAndPort(post.url)}: check that the IdP is up and that nothing in between holds the request, or raise timeoutMs`
        : describeNetworkFailure(cause, { url: post.url })
    }`,
    vendor: post.vendor,
    retryable: true,
    attempts: attempt,
    cause: safeFetchCause(cause),
  });
}

// undici's fixed text for an answer naming more content codings than it decodes (5).
const TOO_MANY_CODINGS = /too many content-encodings/i;

/** Whether `error`'s cause chain (6 deep) is undici's refusal of too many content codings. */
function tooManyContentCodings(error: unknown): boolean {
  let current = error;
  for (let depth = 0; depth < 6 && current instanceof Error; depth++) {
    if (TOO_MANY_CODINGS.test(current.message)) return true;
    current = current.cause;
  }
  return false;
}

/**
 * Sends one token form and reads the answer within the per-attempt timeout and the deadline:
 * no redirects followed (the form carries credentials), the body read up to its byte limit; with
 * `dpopProof`, in a `DPoP` header (RFC 9449 §5).
 *
 * @throws the caller's abort reason; TokenRequestError for a network failure, a timeout or the
 *   deadline (retryable; a body that broke off, could not be decoded or did not come within
 *   `timeoutMs` after the headers came is said to be one, with the answer's status, not a host
 *   that gave no answer; an answer naming more content codings than the runtime decodes is said
 *   to be one too, and not retryable); ConfigurationError
 *   for a TLS certificate the runtime does not accept, or for a connection the runtime refused
 *   to make (Deno without `--allow-net` for the IdP: `permissionRefusal`).
 */
export async function postTokenForm(
  post: TokenPost,
  attempt: number,
  form: FormFields,
  dpopProof?: string | undefined,
): Promise<TokenAnswer> {
  const body = encodeForm(form);
  // The form may have taken a while to sign: an abort in the meantime fired no event.
  post.signal?.throwIfAborted();
  if (post.deadline.signal.aborted) throw deadlineError(post, attempt - 1);
  const controller = new AbortController();
  const timedOut = new Error(`timed out after ${post.timeoutMs} ms`);
  const timer = setTimeout(() => controller.abort(timedOut), post.timeoutMs);
  const onAbort = (): void => controller.abort(post.deadline.signal.reason);
  post.deadline.signal.addEventListener('abort', onAbort, { once: true });
  let answered: number | undefined;
  try {
    const fetchImpl = post.fetch ?? globalThis.fetch;
    const response = await fetchImpl(post.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        accept: post.accept,
        ...(dpopProof === undefined ? {} : { dpop: dpopProof }),
      },
      body,
      redirect: 'manual',
      signal: controller.signal,
    });
    answered = response.status;
    const json = await readJsonBody(response, post.maxResponseBytes);
    return { status: response.status, headers: response.headers, body: json };
  } catch (cause) {
    throw fetchFailure(post, attempt, cause, controller.signal.reason === timedOut, answered);
  } finally {
    clearTimeout(timer);
    post.deadline.signal.removeEventListener('abort', onAbort);
  }
}
