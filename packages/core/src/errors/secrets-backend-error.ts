import { DualAuthError, markError } from './dual-auth-error.js';
import { errorOptions } from './error-arguments.js';

// Symbol.for('dual-auth.error.SecretsBackendError'), set by markError.
declare const SYMBOL: unique symbol;

/**
 * A backend's `backendName`: the reference's `environment`, `aws`, `gcp`, `azure`, `vault`, or the
 * name a plugin store gives itself (an open string).
 */
export type SecretsBackendName = 'environment' | (string & {});

/** What a {@link SecretsBackendError} carries besides its message. */
export interface SecretsBackendErrorOptions {
  message: string;
  backend: SecretsBackendName;
  /** The secret's key as asked for (`AGENT_CLIENT_SECRET`), never its value. */
  key?: string;
  /** What to do about it, e.g. which permission is missing. */
  hint?: string;
  cause?: unknown;
}

/** A secret could not be read. Names the backend and the key; never holds the value. */
export class SecretsBackendError extends DualAuthError {
  // Set in the constructor: a computed class field keeps the class in every bundle (see
  // defineInspect).
  declare readonly [SYMBOL]: true;
  declare readonly backend: SecretsBackendName;
  declare readonly key: string | undefined;
  declare readonly hint: string | undefined;

  /**
   * @throws TypeError naming the class and the option when `options` is not an object (or one
   *   whose getters or Proxy traps throw) or a field is not of its type.
   */
  constructor(options: SecretsBackendErrorOptions) {
    const { message, backend, key, hint, cause } = errorOptions(options, 'SecretsBackendError', {
      message: 'string',
      backend: 'string',
      key: 'string?',
      hint: 'string?',
    });
    super('ERR_SECRETS_BACKEND', { message, cause });
    markError(this, 'SecretsBackendError');
    this.backend = backend;
    this.key = key;
    this.hint = hint;
  }

  static override isInstance(error: unknown): error is SecretsBackendError {
    return DualAuthError.hasMarker(error, 'dual-auth.error.SecretsBackendError');
  }

  protected override details(): Record<string, unknown> {
    return { backend: this.backend, key: this.key, hint: this.hint };
  }
}
