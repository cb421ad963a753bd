import { errorOptions, requireErrorArgument } from './error-arguments.js';

const MARKER = 'dual-auth.error.OriginRefusedError';
const SYMBOL = /* @__PURE__ */ Symbol.for(MARKER);

/**
 * A request refused because its URL's origin (RFC 6454: scheme, host and port) is not one the
 * credentials are bound to, before a token is asked for or anything is sent: a URL from a tool
 * result or a model's answer cannot make the credentials leave. Thrown by `@dual-auth/client`'s
 * `callApi` for an `apiUrl` (or an API's redirect, which is not followed) outside its
 * `allowedOrigins`, and by `@dual-auth/mcp/client`'s `dualAuthFetch` (so by a tool's `callApi`) for
 * a request to another origin than its `origin`. Both packages re-export this one class, so
 * `instanceof` holds whichever of them threw it; {@link OriginRefusedError.isInstance} works across
 * two copies of `@dual-auth/core` too. The message names the option (for `dualAuthFetch`, with its
 * configured origin), never the refused URL or a token.
 */
export class OriginRefusedError extends Error {
  // Set in the constructor: a computed class field keeps the class in every bundle (see
  // defineInspect).
  declare readonly [SYMBOL]: true;
  override readonly name = 'OriginRefusedError';

  /**
   * @throws TypeError naming the class and the argument when `message` is not a string or
   *   undefined, or `options` not an object (or one whose getters or Proxy traps throw).
   */
  constructor(message?: string, options?: ErrorOptions) {
    requireErrorArgument(message, 'OriginRefusedError', 'message', 'string?');
    super(
      message,
      options === undefined ? undefined : errorOptions(options, 'OriginRefusedError', {}),
    );
    this[SYMBOL] = true;
  }

  /** True for an {@link OriginRefusedError}, whichever copy of `@dual-auth/core` made it. */
  static isInstance(error: unknown): error is OriginRefusedError {
    if (typeof error !== 'object' || error === null) return false;
    return (error as Record<symbol, unknown>)[SYMBOL] === true;
  }
}
