import { OAUTH_ERROR_ADVICE } from './oauth-error-advice.js';

// Codes of the IANA "OAuth Extensions Error" registry and OIDC Core §3.1.2.6 an IdP may answer a
// token request with, beside the RFC 6749 §5.2 ones of OAUTH_ERROR_ADVICE.
const REGISTERED_CODES: ReadonlySet<string> = /* @__PURE__ */ (() =>
  new Set([
    ...Object.keys(OAUTH_ERROR_ADVICE),
    'server_error',
    'temporarily_unavailable',
    'interaction_required',
    'login_required',
    'consent_required',
    'invalid_token',
    'insufficient_scope',
    'authorization_pending',
    'slow_down',
    'expired_token',
    'unsupported_token_type',
    'invalid_dpop_proof',
    'use_dpop_nonce',
    'unknown_error',
    'parse_error',
  ]))();

/**
 * The IdP's `error` as a log field: the code itself when it is a registered OAuth error code
 * (RFC 6749 §5.2, the IANA OAuth Extensions Error registry) or one of `vendorCodes` (a vendor's
 * `byError` codes), else `other` — the field is free text on the wire and may carry an email.
 */
export function loggableErrorType(errorType: string, vendorCodes: readonly string[] = []): string {
  return REGISTERED_CODES.has(errorType) || vendorCodes.includes(errorType) ? errorType : 'other';
}

// A vendor's own numbered code: Okta `E0000004`, Entra `AADSTS50011` written as text, or digits.
const NUMBERED_CODE = /^[A-Z]{0,8}\d{1,12}$/;

/**
 * A vendor code (Okta `errorCode`, Entra `error_codes`) as a log field: a finite number, a
 * numbered code (`E0000004`, `AADSTS50011`: up to 8 capital letters, then digits) or a code
 * {@link loggableErrorType} keeps, else `other` — the field is free text on the wire like `error`,
 * and an IdP may put the login it was asked about in it.
 *
 * @example
 * loggableVendorCodes([50011, 'E0000004', 'jane.victim']); // [50011, 'E0000004', 'other']
 */
export function loggableVendorCodes(
  codes: readonly (string | number)[] | undefined,
  vendorCodes: readonly string[] = [],
): (string | number)[] | undefined {
  return codes?.map((code) =>
    typeof code === 'number' || NUMBERED_CODE.test(code)
      ? code
      : loggableErrorType(code, vendorCodes),
  );
}
