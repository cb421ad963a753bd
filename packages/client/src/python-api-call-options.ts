import { refusePositionalArguments } from '@dual-auth/core';
import type { ApiCallOptions } from './api-call-options.js';

const MAX_SECONDS = 3600;

/**
 * Options of the Python-named `InSessionAPICall` and `OutOfSessionAPICall`: every
 * {@link ApiCallOptions}, plus the Python guide's `timeout` in **seconds**.
 */
export interface PythonApiCallOptions extends ApiCallOptions {
  /**
   * Per-request timeout in **seconds**, as in the Python guide (`InSessionAPICall(timeout=30)`):
   * from 0.1 to 3600. Give this or `timeoutMs`, not both. Default 10 (s).
   */
  timeout?: number | undefined;
}

/**
 * Turns the Python guide's `timeout` (seconds) into `timeoutMs`.
 *
 * @throws TypeError when `options` is Python's positional timeout (`new InSessionAPICall(30)`: the
 * message shows `{ timeout: 30 }`) or another non-object, when `timeout` is not a number of seconds
 * from 0.1 to 3600 (30000 is milliseconds written where seconds go), or when `timeoutMs` is given
 * as well.
 */
export function fromPythonOptions(
  options: PythonApiCallOptions | undefined,
  className: string,
): ApiCallOptions | undefined {
  const seconds = typeof options === 'number' && Number.isFinite(options) ? options : 10;
  refusePositionalArguments([options], {
    call: `new ${className}`,
    example: `{ timeout: ${seconds} }`,
    note: `in seconds as in Python, or new ${className}({ timeoutMs: ${seconds * 1000} })`,
  });
  if (typeof options !== 'object' || options === null || !('timeout' in options)) return options;
  const { timeout, ...rest } = options;
  if (timeout === undefined) return rest;
  if (rest.timeoutMs !== undefined) {
    throw new TypeError('pass timeout (seconds) or timeoutMs (milliseconds), not both');
  }
  if (typeof timeout !== 'number' || !(timeout >= 0.1 && timeout <= MAX_SECONDS)) {
    throw new TypeError(
      `timeout is seconds here, as in the Python guide (timeout: 30 is 30 s), from 0.1 to ${MAX_SECONDS}; for milliseconds pass timeoutMs`,
    );
  }
  return { ...rest, timeoutMs: Math.round(timeout * 1000) };
}
