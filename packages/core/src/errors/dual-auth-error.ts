import { defineInspect } from '../redaction/define-inspect.js';
import { errorOptions, requireErrorArgument } from './error-arguments.js';

/** Stable codes of the {@link DualAuthError}s; closed so callers can switch on them. */
export type DualAuthErrorCode =
  | 'ERR_CONFIGURATION'
  | 'ERR_SECRETS_BACKEND'
  | 'ERR_TOKEN_REQUEST'
  | 'ERR_ACT_VERIFICATION'
  | 'ERR_API_CALL';

const MARKER = 'dual-auth.error';
const SYMBOL = /* @__PURE__ */ Symbol.for(MARKER);

/** What every dual-auth error accepts in its constructor. */
export interface DualAuthErrorOptions {
  message: string;
  cause?: unknown;
}

/**
 * Base of the typed errors with a `code`: `ConfigurationError`, `SecretsBackendError`,
 * `TokenRequestError`, `ActVerificationError` (and resource's `DualSubjectVerificationError`) and
 * `ApiCallError` (and mcp's `McpCallRefusedError`). Recognise one with `DualAuthError.isInstance(e)`,
 * which works across two copies of the package (a `Symbol.for` marker), unlike `instanceof`. Not
 * every error dual-auth throws is one: a wrong argument is a `TypeError` (`SubjectTokenRequiredError`
 * among them), and `StoreUnavailableError`, `ReplayStoreFullError` and `OriginRefusedError` extend
 * `Error`, each with an `isInstance()` of its own.
 *
 * Errors never hold tokens, secrets, request bodies, headers, emails or names; their `toJSON` and
 * `util.inspect` forms show only the safe fields and the cause's name and message. A field a
 * caller reads on purpose that may hold remote text (`TokenRequestError.errorDescription`) or an
 * answer (`ApiCallError.response`) is not enumerable, so a logger that writes an error's fields
 * (pino's `err` serializer, winston's `format.errors`, `{ ...error }`) leaves it out.
 */
export class DualAuthError extends Error {
  // Set in the constructor: a computed class field keeps the class in every bundle (see
  // defineInspect).
  declare readonly [SYMBOL]: true;
  // `declare` (here and on the fields of other classes their constructor always sets): a class
  // field would also be defined, as undefined, in every bundle. `code` is set before `name`, so the
  // own keys keep the order they had as fields.
  declare readonly code: DualAuthErrorCode;

  /**
   * @throws TypeError naming the class and the argument when `code` is not a string, `options`
   *   not an object (or one whose getters or Proxy traps throw) or `options.message` not a string.
   */
  constructor(code: DualAuthErrorCode, options: DualAuthErrorOptions) {
    requireErrorArgument(code, 'DualAuthError', 'code', 'string');
    const { message, cause } = errorOptions(options, 'DualAuthError', { message: 'string' });
    super(message, cause === undefined ? undefined : { cause });
    this[SYMBOL] = true;
    defineInspect(
      this,
      () =>
        `${this.stack ?? `${this.name}: ${this.message}`}\n${JSON.stringify(this.toJSON(), null, 2)}`,
    );
    this.code = code;
    this.name = 'DualAuthError';
  }

  /** True for any {@link DualAuthError}, whichever copy of `@dual-auth/core` made it. */
  static isInstance(error: unknown): error is DualAuthError {
    return DualAuthError.hasMarker(error, MARKER);
  }

  protected static hasMarker(error: unknown, marker: string): boolean {
    if (typeof error !== 'object' || error === null) return false;
    return (error as Record<symbol, unknown>)[Symbol.for(marker)] === true;
  }

  /** The fields a subclass adds; shown by `toJSON` and `util.inspect`. */
  protected details(): Record<string, unknown> {
    return {};
  }

  toJSON(): Record<string, unknown> {
    const cause = this.cause;
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      ...this.details(),
      ...(cause instanceof Error ? { cause: { name: cause.name, message: cause.message } } : {}),
    };
  }
}

/**
 * Names `error` a `name` (a subclass's own name, `ConfigurationError`) and sets the flag its
 * `isInstance` reads through {@link DualAuthError}'s `hasMarker`: `Symbol.for('dual-auth.error.<name>')`,
 * shared by every copy of `@dual-auth/core`. Called by each subclass's constructor after `super`.
 */
export function markError(error: DualAuthError, name: string): void {
  (error as unknown as Record<symbol, unknown>)[Symbol.for(`${MARKER}.${name}`)] = true;
  error.name = name;
}
