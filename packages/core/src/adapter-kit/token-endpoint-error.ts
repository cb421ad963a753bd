import type { Vendor } from '../contracts/vendor.js';
import { TokenRequestError } from '../errors/token-request-error.js';
import { OAUTH_ERROR_ADVICE } from './oauth-error-advice.js';
import { oauthErrorCode } from './oauth-error-code.js';
import type { JsonBody } from './read-json-body.js';
import { NON_RETRYABLE_ERRORS, RETRYABLE_STATUSES } from './retry-policy.js';
import {
  type CredentialScrubber,
  credentialScrubber,
  safeRemoteText,
} from './scrub-credentials.js';

/** What {@link StatusMessages.other} is told about an answer without a message of its own. */
export interface OtherStatusState {
  readonly status: number;
  /**
   * The IdP's `error` when it is code-shaped, else `unrecognized_error` (see `oauthErrorCode`), or
   * `unknown_error` (JSON without one); for an answer no token endpoint gives (a body that is not
   * JSON, a redirect), what to do about it, by `tokenUrlAdvice`.
   */
  readonly errorType: string;
}

/**
 * The adapter's error messages. The IdP's OAuth `error` code picks the message first: the
 * vendor's `byError` text, else the `byStatus` text of the status that code belongs to, else core's
 * advice for a standard code ({@link OAUTH_ERROR_ADVICE}); only an answer without a known code
 * falls back to the message of its own status, then to `other`.
 */
export interface StatusMessages {
  /** Messages per HTTP status, as the reference words them. */
  readonly byStatus: Readonly<Partial<Record<number, string>>>;
  /** Messages per OAuth `error` code, for what the vendor says better than the standard advice. */
  readonly byError?: Readonly<Partial<Record<string, string>>> | undefined;
  /** Message for any other answer, e.g. `Keycloak error (502): server_error`. */
  other(state: OtherStatusState): string;
}

/** The IdP's error fields of an answer, as far as they are readable, scrubbed of credentials. */
export interface OAuthErrorBody {
  /**
   * What logs and messages may say of the error: the IdP's `error` when code-shaped, else
   * `unrecognized_error`; `unknown_error` for JSON without one, `parse_error` for no JSON.
   */
  readonly errorType: string;
  /** The IdP's `error` as it came (scrubbed of credentials): free text, for code lookups only. */
  readonly error: string | undefined;
  readonly errorDescription: string | undefined;
  /** Okta `errorCode`, Entra `error_codes`. */
  readonly vendorCodes: readonly (string | number)[] | undefined;
}

function vendorCode(
  value: unknown,
  scrub: CredentialScrubber,
  people: readonly string[],
): string | number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  return safeRemoteText(value, scrub, 100, people);
}

/**
 * Reads `error`, `error_description`, Okta `errorCode` and Entra `error_codes` from a body, each
 * scrubbed of `credentials` (the secret, the assertion sent, any token in the body), of every
 * email address and of `people` (the human's id, name and login the request named), and bounded
 * in length before anything keeps it.
 */
export function readOAuthError(
  body: JsonBody,
  credentials: readonly string[] = [],
  people: readonly string[] = [],
): OAuthErrorBody {
  if (body.kind !== 'json' || typeof body.value !== 'object' || body.value === null) {
    const errorType = body.kind === 'json' ? 'unknown_error' : 'parse_error';
    return { errorType, error: undefined, errorDescription: undefined, vendorCodes: undefined };
  }
  const json = body.value as Record<string, unknown>;
  // Cut into pieces once for every field (an error body may carry a 10 KB token).
  const secrets = credentialScrubber([
    ...credentials,
    ...['access_token', 'refresh_token', 'id_token', 'act_assertion']
      .map((name) => json[name])
      .filter((value): value is string => typeof value === 'string'),
  ]);
  const error = safeRemoteText(json.error, secrets, 100, people);
  const codes = [
    vendorCode(json.errorCode, secrets, people),
    ...(Array.isArray(json.error_codes)
      ? json.error_codes.slice(0, 10).map((code) => vendorCode(code, secrets, people))
      : []),
  ].filter((code) => code !== undefined);
  return {
    errorType: error === undefined ? 'unknown_error' : oauthErrorCode(error),
    error,
    errorDescription: safeRemoteText(json.error_description, secrets, 200, people),
    vendorCodes: codes.length > 0 ? codes : undefined,
  };
}

/**
 * The message of an error answer: by its OAuth `error` code first (see {@link StatusMessages}).
 * With `advice` (an answer that is not a token endpoint's, see `tokenUrlAdvice`), `other` is
 * given it as the error type, and a message that does not say it (the status's own) is followed
 * by it.
 */
export function tokenErrorMessage(
  messages: StatusMessages,
  status: number,
  body: OAuthErrorBody,
  advice?: string,
): string {
  const code = body.error;
  const byError = code === undefined ? undefined : messages.byError?.[code];
  if (byError !== undefined) return byError;
  const standard =
    code !== undefined && Object.hasOwn(OAUTH_ERROR_ADVICE, code)
      ? OAUTH_ERROR_ADVICE[code]
      : undefined;
  if (standard !== undefined) {
    return (
      (standard.status === undefined ? undefined : messages.byStatus[standard.status]) ??
      standard.advice
    );
  }
  const own = messages.byStatus[status];
  const message = own ?? messages.other({ status, errorType: advice ?? body.errorType });
  // A message of its own status, or an `other` that does not say the error type, still says it.
  return advice === undefined || message.includes(advice) ? message : `${message}: ${advice}`;
}

/** What {@link tokenErrorFromResponse} takes. */
export interface TokenErrorFromResponseOptions {
  vendor: Vendor;
  status: number;
  body: OAuthErrorBody;
  messages: StatusMessages;
  /** The wait the answer asked for (`requestedWaitMs`), in ms. */
  retryAfterMs: number | undefined;
  /** Attempts made, this one included. */
  attempts?: number | undefined;
  /** What to do about an answer that is not a token endpoint's (`tokenUrlAdvice`). */
  advice?: string | undefined;
}

/**
 * The {@link TokenRequestError} of an answer that carries no token (any status, or a 200 with an
 * `error`): the message by {@link tokenErrorMessage}, the status, the IdP's codes, and whether
 * another attempt may help (429 and 5xx, unless the IdP said `invalid_client`, `invalid_grant` or
 * another error that repeating cannot fix).
 */
export function tokenErrorFromResponse(options: TokenErrorFromResponseOptions): TokenRequestError {
  const { status, body, messages } = options;
  const retryable =
    RETRYABLE_STATUSES.has(status) &&
    (body.error === undefined || !NON_RETRYABLE_ERRORS.has(body.error));
  return new TokenRequestError({
    message: tokenErrorMessage(messages, status, body, options.advice),
    status,
    vendor: options.vendor,
    retryable,
    ...(body.error === undefined ? {} : { error: body.error }),
    ...(body.errorDescription === undefined ? {} : { errorDescription: body.errorDescription }),
    ...(body.vendorCodes === undefined ? {} : { vendorCodes: body.vendorCodes }),
    ...(options.retryAfterMs === undefined ? {} : { retryAfterMs: options.retryAfterMs }),
    ...(options.attempts === undefined ? {} : { attempts: options.attempts }),
  });
}
