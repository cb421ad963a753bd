import type { Vendor } from '../contracts/vendor.js';
import { TokenRequestError } from '../errors/token-request-error.js';
import { trimRemoteText } from '../redaction/redact.js';
import type { JsonBody } from './read-json-body.js';
import { NON_RETRYABLE_ERRORS, RETRYABLE_STATUSES } from './retry-policy.js';

/** What {@link StatusMessages.other} is told about an answer without a message of its own. */
export interface OtherStatusState {
  readonly status: number;
  /** The IdP's `error`, or `unknown_error` (JSON without one), or `parse_error` (not JSON). */
  readonly errorType: string;
}

/** The adapter's error messages per HTTP status, as the reference words them. */
export interface StatusMessages {
  readonly byStatus: Readonly<Partial<Record<number, string>>>;
  /** Message for any other status, e.g. `Keycloak error (502): server_error`. */
  other(state: OtherStatusState): string;
}

/** The IdP's error fields of a non-200 answer, as far as they are readable. */
export interface OAuthErrorBody {
  readonly errorType: string;
  readonly error: string | undefined;
  readonly errorDescription: string | undefined;
  /** Okta `errorCode`, Entra `error_codes`. */
  readonly vendorCodes: readonly (string | number)[] | undefined;
}

function isCode(value: unknown): value is string | number {
  return (typeof value === 'string' && value.length <= 100) || typeof value === 'number';
}

/** Reads `error`, `error_description`, Okta `errorCode` and Entra `error_codes` from a body. */
export function readOAuthError(body: JsonBody): OAuthErrorBody {
  if (body.kind !== 'json' || typeof body.value !== 'object' || body.value === null) {
    const errorType = body.kind === 'json' ? 'unknown_error' : 'parse_error';
    return { errorType, error: undefined, errorDescription: undefined, vendorCodes: undefined };
  }
  const json = body.value as Record<string, unknown>;
  const error = trimRemoteText(json.error, 100);
  const codes = [
    ...(isCode(json.errorCode) ? [json.errorCode] : []),
    ...(Array.isArray(json.error_codes) ? json.error_codes.filter(isCode).slice(0, 10) : []),
  ];
  return {
    errorType: error ?? 'unknown_error',
    error,
    errorDescription: trimRemoteText(json.error_description),
    vendorCodes: codes.length > 0 ? codes : undefined,
  };
}

/** What {@link tokenErrorFromResponse} takes. */
export interface TokenErrorFromResponseOptions {
  vendor: Vendor;
  status: number;
  body: OAuthErrorBody;
  messages: StatusMessages;
  retryAfter: number | undefined;
}

/**
 * The {@link TokenRequestError} of a non-200 answer: the reference's per-status message, the
 * status, the IdP's codes, and whether another attempt may help (429 and 5xx, unless the IdP said
 * `invalid_client`, `invalid_grant` or another error that repeating cannot fix).
 */
export function tokenErrorFromResponse(options: TokenErrorFromResponseOptions): TokenRequestError {
  const { status, body, messages } = options;
  const message =
    messages.byStatus[status] ?? messages.other({ status, errorType: body.errorType });
  const retryable =
    RETRYABLE_STATUSES.has(status) &&
    (body.error === undefined || !NON_RETRYABLE_ERRORS.has(body.error));
  return new TokenRequestError({
    message,
    status,
    vendor: options.vendor,
    retryable,
    ...(body.error === undefined ? {} : { error: body.error }),
    ...(body.errorDescription === undefined ? {} : { errorDescription: body.errorDescription }),
    ...(body.vendorCodes === undefined ? {} : { vendorCodes: body.vendorCodes }),
    ...(options.retryAfter === undefined ? {} : { retryAfter: options.retryAfter }),
  });
}
