import { DualAuthError, markError } from './dual-auth-error.js';
import { errorOptions } from './error-arguments.js';

// Symbol.for('dual-auth.error.ConfigurationError'), set by markError.
declare const SYMBOL: unique symbol;

/** What a {@link ConfigurationError} carries besides its message. */
export interface ConfigurationErrorOptions {
  message: string;
  /** The environment variable or option at fault, when there is one. */
  variable?: string;
  /** The package to install, when a plugin could not be loaded. */
  packageName?: string;
  cause?: unknown;
}

/** Configuration is missing or invalid: the message names the variable, never its value. */
export class ConfigurationError extends DualAuthError {
  // Set in the constructor: a computed class field keeps the class in every bundle (see
  // defineInspect).
  declare readonly [SYMBOL]: true;
  declare readonly variable: string | undefined;
  declare readonly packageName: string | undefined;

  /**
   * @throws TypeError naming the class and the option when `options` is not an object (or one
   *   whose getters or Proxy traps throw) or a field is not of its type.
   */
  constructor(options: ConfigurationErrorOptions) {
    const { message, variable, packageName, cause } = errorOptions(options, 'ConfigurationError', {
      message: 'string',
      variable: 'string?',
      packageName: 'string?',
    });
    super('ERR_CONFIGURATION', { message, cause });
    markError(this, 'ConfigurationError');
    this.variable = variable;
    this.packageName = packageName;
  }

  static override isInstance(error: unknown): error is ConfigurationError {
    return DualAuthError.hasMarker(error, 'dual-auth.error.ConfigurationError');
  }

  protected override details(): Record<string, unknown> {
    return { variable: this.variable, packageName: this.packageName };
  }
}
