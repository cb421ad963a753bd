import { errorOptions, requireErrorArgument } from './error-arguments.js';

const MARKER = 'dual-auth.error.SubjectTokenRequiredError';
const SYMBOL = /* @__PURE__ */ Symbol.for(MARKER);

/**
 * A token request of a delegation mode (RFC 8693 token exchange, on-behalf-of, ID-JAG) came
 * without the human's token (`TokenRequest.subjectToken`), or with one the IdP would plainly
 * refuse (an unsigned JWT, one past its `exp` by 300 s or more: `refuseUnusableSubjectToken` of
 * `@dual-auth/core/adapter-kit`), so a fresh one of the human's sign-in is needed. A `TypeError`, as every refused input
 * is, with a stable `code` so a caller that hands requests on (`dualAuthFetch` of
 * `@dual-auth/mcp/client`) can tell it apart and say where the token goes, without matching the
 * message. Recognise one with {@link SubjectTokenRequiredError.isInstance}, which works across two
 * copies of the package, unlike `instanceof`. The message names the option, never a token.
 */
export class SubjectTokenRequiredError extends TypeError {
  // Set in the constructor: a computed class field keeps the class in every bundle (see
  // defineInspect).
  declare readonly [SYMBOL]: true;
  /** Stable: `ERR_SUBJECT_TOKEN_REQUIRED`. */
  readonly code = 'ERR_SUBJECT_TOKEN_REQUIRED';
  override readonly name = 'SubjectTokenRequiredError';

  /**
   * @throws TypeError naming the class and the argument when `message` is not a string or
   *   undefined, or `options` not an object (or one whose getters or Proxy traps throw).
   */
  constructor(message?: string, options?: ErrorOptions) {
    requireErrorArgument(message, 'SubjectTokenRequiredError', 'message', 'string?');
    super(
      message,
      options === undefined ? undefined : errorOptions(options, 'SubjectTokenRequiredError', {}),
    );
    this[SYMBOL] = true;
  }

  /** True for a {@link SubjectTokenRequiredError}, whichever copy of `@dual-auth/core` made it. */
  static isInstance(error: unknown): error is SubjectTokenRequiredError {
    if (typeof error !== 'object' || error === null) return false;
    return (error as Record<symbol, unknown>)[SYMBOL] === true;
  }
}
