import type { LogFields } from '../contracts/logger.js';
import type { Vendor } from '../contracts/vendor.js';
import { TokenRequestError } from '../errors/token-request-error.js';
import { urlForLogging } from '../redaction/redact.js';
import { withSpan } from '../telemetry/telemetry.js';
import { withHttpClientSpan } from '../telemetry/with-http-client-span.js';
import type { AdapterOptions, ResolvedAdapterOptions } from './adapter-options.js';
import { resolveAdapterOptions } from './adapter-options.js';
import { assertHttpsUrl } from './assert-https-url.js';
import { startDeadline } from './deadline.js';
import type { TokenRequestDpop } from './dpop-token-request.js';
import type { FormFields } from './encode-form.js';
import { invalidTokenAnswer } from './invalid-token-answer.js';
import { loggableErrorType, loggableVendorCodes } from './loggable-error-type.js';
import type { TokenEndpointJson } from './parse-token-response.js';
import { tokenAnswerProblem } from './parse-token-response.js';
import type { TokenAnswer, TokenPost } from './post-token-form.js';
import { deadlineError, networkErrorType, postTokenForm } from './post-token-form.js';
import { requestedWaitMs } from './requested-wait.js';
import { backoffDelay } from './retry-policy.js';
import { CREDENTIAL_FORM_FIELDS } from './scrub-credentials.js';
import type { StatusMessages } from './token-endpoint-error.js';
import { readOAuthError, tokenErrorFromResponse } from './token-endpoint-error.js';
import type { TokenUrlHint } from './token-url-advice.js';
import { tokenUrlAdvice } from './token-url-advice.js';

/** What {@link RequestTokenEndpointOptions.buildForm} gets for each attempt. */
export interface TokenFormState {
  /** 1 for the first attempt. */
  readonly attempt: number;
  /**
   * When this call's deadline passes, in ms by the options' `clock`: a token request made while
   * building the form (an RFC 8693 actor token) passes it on as its own `deadlineAt`.
   */
  readonly deadlineAt: number;
}

/** What {@link requestTokenEndpoint} takes: the call's own fields and the adapter's options. */
export interface RequestTokenEndpointOptions extends Omit<AdapterOptions, 'env' | 'dpop'> {
  vendor: Vendor;
  /** The IdP's name in messages (`Keycloak`). Default: `vendor`. */
  label?: string | undefined;
  tokenUrl: string | URL;
  /**
   * The variable that sets `tokenUrl` (and the URL's shape), named in the message of an answer no
   * token endpoint gives: an HTML page, a redirect (see `tokenUrlAdvice`). Default: "the token URL".
   */
  tokenUrlHint?: TokenUrlHint | undefined;
  /**
   * Builds the form of one attempt, called again for every retry so that each attempt carries a
   * fresh client assertion and `jti` (single-use assertions are refused when replayed).
   */
  buildForm: (state: TokenFormState) => FormFields | Promise<FormFields>;
  messages: StatusMessages;
  /** The `Accept` header. Default `application/json` (the reference's Entra ID call sends `*\/*`). */
  accept?: string | undefined;
  signal?: AbortSignal | undefined;
  /**
   * The deadline of a larger operation this call is one step of (the second request of an
   * ID-JAG grant, an actor token), in ms by `clock`: the call ends at the earlier of it and
   * `totalTimeoutMs` from now, so `totalTimeoutMs` bounds the whole operation. Default: none.
   */
  deadlineAt?: number | undefined;
  /**
   * Credentials that are not in the form (the client secret behind a signed assertion), scrubbed
   * from the IdP's error text like the form's own credential fields.
   */
  credentials?: readonly string[] | undefined;
  /**
   * Who the token is asked for, as the request names them (the act's `sub`, `email`, `name`, a
   * login): blanked, whole words and case-insensitively, in the IdP's error text, which may echo
   * them (`withoutPersonalText`; emails are blanked anyway). Default: none.
   */
  people?: readonly string[] | undefined;
  /**
   * The `requested_token_type` of an RFC 8693 token exchange, checked against the answer's
   * `issued_token_type` (see `tokenAnswerProblem`). Default: none, an OAuth 2.0 access token answer.
   */
  issuedTokenType?: string | undefined;
  /**
   * Ask for a DPoP-bound token (RFC 9449 §5): each attempt sends a fresh proof in a `DPoP`
   * header, a `400 use_dpop_nonce` is answered once with a new proof carrying the IdP's
   * `DPoP-Nonce` (§8; an attempt without backoff, within the deadline and the retry limit), and
   * the answer must be a token bound to the prover's key (`dpopAnswerProblem`). Not read from the
   * adapter's `dpop` option: an adapter passes it for the token it returns, never for an
   * intermediate one (an actor token). Default: none, a Bearer request.
   */
  dpopBinding?: TokenRequestDpop | undefined;
  /**
   * False: a JWT answer whose `exp` is not after now is returned, for a caller that refuses it
   * itself once it has checked whom the token is for (`BaseAdapter`: a token past its `exp` that
   * names another human is logged `token_subject_mismatch`, the security event, not
   * `<vendor>_response_error`). Default true: refused here (`tokenAnswerProblem`'s `nowMs`).
   */
  refusePastExp?: boolean | undefined;
}

interface Call {
  readonly options: RequestTokenEndpointOptions;
  readonly settings: ResolvedAdapterOptions;
  readonly post: TokenPost;
  /** Set once a `use_dpop_nonce` answer was retried with the IdP's nonce (once per call). */
  nonceRetried: boolean;
}

/** What {@link attemptOnce} returns when the IdP asked for a DPoP nonce: try again at once. */
const NONCE_RETRY = Symbol('nonce retry');

/** `detail` is logged; `advice`, when given, is said in the message instead. */
function invalidResponse(
  call: Call,
  attempts: number,
  detail: string,
  advice?: string,
): TokenRequestError {
  const { logger, vendor, label } = call.post;
  return invalidTokenAnswer({ logger, vendor, label, attempts }, detail, advice);
}

function carriesError(answer: TokenAnswer): boolean {
  const { body } = answer;
  if (body.kind !== 'json' || typeof body.value !== 'object' || body.value === null) return false;
  const error = (body.value as Record<string, unknown>).error;
  return error !== undefined && error !== null && error !== '';
}

function successBody(
  call: Call,
  attempts: number,
  answer: TokenAnswer,
  credentials: readonly string[],
  dpopProblem: string | undefined,
): TokenEndpointJson {
  const { body } = answer;
  if (body.kind === 'too-large') throw invalidResponse(call, attempts, 'body too large');
  if (body.kind === 'not-json') {
    const advice = tokenUrlAdvice(answer, call.post.url, call.options.tokenUrlHint, {
      credentials,
      people: call.options.people,
    });
    throw invalidResponse(call, attempts, 'body is not JSON', advice);
  }
  const json = body.value;
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw invalidResponse(call, attempts, 'body is not a JSON object');
  }
  const problem = tokenAnswerProblem(json as Record<string, unknown>, {
    issuedTokenType: call.options.issuedTokenType,
    credentials,
    dpopRequested: call.options.dpopBinding !== undefined,
    nowMs: call.options.refusePastExp === false ? undefined : call.settings.clock.now(),
  });
  if (problem !== undefined) throw invalidResponse(call, attempts, problem);
  if (dpopProblem !== undefined) throw invalidResponse(call, attempts, dpopProblem);
  return json as TokenEndpointJson;
}

function credentialsOf(call: Call, form: FormFields): string[] {
  const sent = form.filter(([name]) => CREDENTIAL_FORM_FIELDS.has(name)).map(([, value]) => value);
  return [...(call.options.credentials ?? []), ...sent];
}

/** One attempt: a fresh form, one POST, the answer checked or mapped to a TokenRequestError. */
async function attemptOnce(
  call: Call,
  attempt: number,
): Promise<TokenEndpointJson | typeof NONCE_RETRY> {
  const { options, settings } = call;
  const form = await options.buildForm({ attempt, deadlineAt: call.post.deadline.endsAt });
  const dpop = options.dpopBinding;
  const proof = await dpop?.proof(call.post.url);
  const answer = await withHttpClientSpan(
    { method: 'POST', url: call.post.url, attempt, clock: settings.clock },
    () => postTokenForm(call.post, attempt, form, proof),
    (posted) => posted.status,
  );
  const credentials = [...credentialsOf(call, form), ...(proof === undefined ? [] : [proof])];
  const succeeded = answer.status === 200 && !carriesError(answer);
  const error = succeeded ? undefined : readOAuthError(answer.body, credentials, options.people);
  if (dpop?.asksNonce(call.post.url, answer, error?.errorType) === true && !call.nonceRetried) {
    call.nonceRetried = true;
    settings.logger.info(`${options.vendor}_dpop_nonce_required`, { attempt });
    return NONCE_RETRY;
  }
  if (error === undefined) {
    const json = answer.body.kind === 'json' ? answer.body.value : undefined;
    const dpopProblem =
      dpop === undefined || typeof json !== 'object' || json === null
        ? undefined
        : await dpop.answerProblem(json as Record<string, unknown>);
    return successBody(call, attempt, answer, credentials, dpopProblem);
  }
  const vendorCodes = Object.keys(options.messages.byError ?? {});
  settings.logger.error(`${options.vendor}_token_error`, {
    status_code: answer.status,
    error_type: loggableErrorType(error.errorType, vendorCodes),
    error_codes: loggableVendorCodes(error.vendorCodes, vendorCodes),
  });
  throw tokenErrorFromResponse({
    vendor: options.vendor,
    status: answer.status,
    body: error,
    messages: options.messages,
    retryAfterMs: requestedWaitMs(
      answer.headers,
      settings.clock.now(),
      settings.retry.rateLimitField,
    ),
    attempts: attempt,
    advice: tokenUrlAdvice(answer, call.post.url, options.tokenUrlHint, {
      credentials,
      people: options.people,
    }),
  });
}

/**
 * Why `token_request_retry` retries: the answer's `status_code`, or after no answer the
 * `error_type` its `<vendor>_network_error` line gave (`ECONNREFUSED`, `timed out after … ms`).
 */
function retryCause(failure: TokenRequestError): LogFields {
  const errorType = networkErrorType(failure);
  return errorType === undefined ? { status_code: failure.status } : { error_type: errorType };
}

/** The wait before retry number `retry`, or `undefined` when the error is final. */
function retryDelay(call: Call, error: unknown, retry: number): number | undefined {
  const policy = call.settings.retry;
  if (!TokenRequestError.isInstance(error) || !error.retryable || retry > policy.limit) {
    return undefined;
  }
  const delay = error.retryAfterMs ?? backoffDelay(policy, retry, call.settings.random);
  if (error.retryAfterMs !== undefined && delay > policy.maxRetryAfterMs) return undefined;
  // A wait that ends past the deadline cannot lead to a token in time.
  return delay < call.post.deadline.remainingMs() ? delay : undefined;
}

/**
 * POSTs a form to an OAuth token endpoint and returns the token JSON: HTTPS only (loopback
 * `http:` by opt-in), a per-attempt timeout (`timeoutMs`, default 10 s) within a deadline for the
 * whole call (`totalTimeoutMs`, default 30 s or `timeoutMs` + 10 s when longer, or earlier by
 * `deadlineAt` when the call is one step of a longer operation), the caller's `AbortSignal`, a
 * bounded body, and the IdP's error answers mapped to {@link TokenRequestError} with the
 * status, the IdP's `error`, `error_description` (scrubbed of the credentials sent), vendor
 * codes, `retryAfterMs`, `retryable` and `attempts`. An answer carrying `error` is an error whatever its status; a 200
 * is checked before it is returned (`tokenAnswerProblem`: token characters, `token_type`,
 * `expires_in`, a JWT's `exp` by the options' `clock`; a value it quotes is scrubbed of the
 * credentials sent).
 *
 * Retries 429, 500, 502, 503, 504, network errors and timeouts with jittered exponential backoff
 * or the wait the answer asks for (`requestedWaitMs`: `Retry-After`, rate-limit resets) up to
 * `retry.maxRetryAfterMs`, never other statuses nor `invalid_client`/`invalid_grant`, never a
 * wait past the deadline, and builds a new form for every attempt. Neither the form nor any
 * header is ever put in an error or a log. An abort rejects with the signal's reason, as `fetch` does.
 *
 * @throws ConfigurationError when the token URL is not HTTPS, or when the server's TLS
 *   certificate is not accepted (untrusted CA, expired, wrong host; not retried).
 * @throws TokenRequestError when no token was issued.
 * @example
 * const json = await requestTokenEndpoint({
 *   vendor: 'keycloak',
 *   tokenUrl,
 *   buildForm: async () => [['grant_type', 'client_credentials'], ['client_assertion', await sign()]],
 *   messages: { byStatus: { 401: 'Authentication failed' }, other: ({ status }) => `error (${status})` },
 *   totalTimeoutMs: 15_000,
 * });
 */
export async function requestTokenEndpoint(
  options: RequestTokenEndpointOptions,
): Promise<TokenEndpointJson> {
  if (typeof options?.buildForm !== 'function') {
    throw new TypeError('requestTokenEndpoint: buildForm must be a function');
  }
  const settings = resolveAdapterOptions(options);
  const url = assertHttpsUrl(options.tokenUrl, {
    name: 'tokenUrl',
    allowInsecureLoopback: settings.allowInsecureLoopback,
  });
  const { deadlineAt } = options;
  if (deadlineAt !== undefined && !Number.isFinite(deadlineAt)) {
    throw new TypeError('requestTokenEndpoint: deadlineAt must be a finite number of ms');
  }
  options.signal?.throwIfAborted();
  const totalMs = Math.min(
    settings.totalTimeoutMs,
    (deadlineAt ?? Number.POSITIVE_INFINITY) - settings.clock.now(),
  );
  const deadline = startDeadline(totalMs, settings.clock, options.signal);
  const post: TokenPost = {
    vendor: options.vendor,
    label: options.label ?? options.vendor,
    url,
    accept: options.accept ?? 'application/json',
    fetch: settings.fetch,
    timeoutMs: settings.timeoutMs,
    totalTimeoutMs: settings.totalTimeoutMs,
    maxResponseBytes: settings.maxResponseBytes,
    logger: settings.logger,
    signal: options.signal,
    deadline,
  };
  const call: Call = { options, settings, post, nonceRetried: false };
  try {
    // A step that starts with the operation's time already spent sends nothing.
    if (deadline.remainingMs() <= 0) throw deadlineError(post, 0);
    for (let attempt = 1; ; attempt++) {
      let failure: unknown;
      try {
        const json = await attemptOnce(call, attempt);
        // The IdP's nonce is not a failure: the next attempt goes at once (RFC 9449 §8), unless
        // the call's time is spent (a clock without a timer does not abort the deadline).
        if (json === NONCE_RETRY) {
          if (deadline.remainingMs() <= 0) throw deadlineError(post, attempt);
          continue;
        }
        return json;
      } catch (error) {
        failure = error;
      }
      const delay = retryDelay(call, failure, attempt);
      if (delay === undefined) throw failure;
      settings.logger.warn('token_request_retry', {
        vendor: options.vendor,
        token_url: urlForLogging(url),
        attempt,
        delay_ms: delay,
        ...retryCause(failure as TokenRequestError),
      });
      try {
        await withSpan(
          'dual_auth.retry_wait',
          { attributes: { 'dual_auth.attempt': attempt, 'dual_auth.wait_ms': delay } },
          () => settings.sleep(delay, deadline.signal),
        );
      } catch (error) {
        throw deadline.expired() ? deadlineError(post, attempt) : error;
      }
    }
  } finally {
    deadline.dispose();
  }
}
