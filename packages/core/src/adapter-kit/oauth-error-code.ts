// RFC 6749 §5.2 lets `error` be any printable ASCII but `"` and `\`, so an IdP may answer a sentence
// that names the user ("user jane@corp.example not found"). A code is letters, digits, `_`, `.`,
// `:` and `-`, as the telemetry's `error.type` keeps them.
const CODE_SHAPE = /^[\w.:-]{1,64}$/;

/** What {@link oauthErrorCode} says instead of an `error` that is not code-shaped. */
const UNRECOGNIZED_ERROR = 'unrecognized_error';

/**
 * The IdP's OAuth `error` (RFC 6749 §5.2) as a log field or in an error message: the code itself
 * when it is code-shaped (`[\w.:-]{1,64}`: `invalid_client`, `urn:vendor:quota.exceeded`), else
 * `unrecognized_error`, since the field is remote free text and may carry an email or a name.
 *
 * @param error - The `error` member of the IdP's answer.
 * @returns `error`, or `unrecognized_error`.
 */
export function oauthErrorCode(error: string): string {
  return CODE_SHAPE.test(error) ? error : UNRECOGNIZED_ERROR;
}
