import type { Logger } from '../contracts/logger.js';
import type { Vendor } from '../contracts/vendor.js';
import { TokenRequestError } from '../errors/token-request-error.js';

/** Where a refused token answer came from, for its log line and error. */
export interface RefusedTokenAnswer {
  readonly logger: Logger;
  readonly vendor: Vendor;
  /** The IdP's name in the message. */
  readonly label: string;
  /** The attempts made, when known. */
  readonly attempts?: number | undefined;
}

/**
 * A 200 answer that is no usable token: logged `<vendor>_response_error` (`status_code` 200,
 * `error_type` `detail`), and the `TokenRequestError` to throw, saying `advice` when given, else
 * `detail`. @internal
 */
export function invalidTokenAnswer(
  answer: RefusedTokenAnswer,
  detail: string,
  advice?: string,
): TokenRequestError {
  answer.logger.error(`${answer.vendor}_response_error`, { status_code: 200, error_type: detail });
  return new TokenRequestError({
    message: `Invalid response from ${answer.label}: ${advice ?? detail}`,
    status: 200,
    vendor: answer.vendor,
    ...(answer.attempts === undefined ? {} : { attempts: answer.attempts }),
  });
}
