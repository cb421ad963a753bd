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
   * from 0.1 to 3600. Give this or `timeoutMs`, not both. Default 10 (s). Above 50 s the default
   * `totalTimeoutMs` grows to this plus 10 s, so a request gets the whole of it.
   */
  timeout?: number | undefined;
}

/**
 * Refuses what a client's constructor was given other than one options object: Python's
 * positional timeout (`new InSessionAPICall(30)`, `new InSessionApiCall(30)`), another non-object,
 * or an argument after the options. The message shows the class's own form: `{ timeout: 30 }`
 * (seconds) for the Python-named classes, `{ timeoutMs: 30000 }` for the others, and the other
 * name's form beside it.
 *
 * @throws TypeError as above.
 */
export function refuseApiCallArguments(args: ArrayLike<unknown>, className: string): void {
  const given = args[0];
  const seconds = typeof given === 'number' && Number.isFinite(given) ? given : 10;
  const milliseconds = `{ timeoutMs: ${seconds * 1000} }`;
  const python = className.endsWith('APICall');
  refusePositionalArguments(args, {
    call: `new ${className}`,
    example: python ? `{ timeout: ${seconds} }` : milliseconds,
    note: python
      ? `in seconds as in Python, or new ${className}(${milliseconds})`
      : `${seconds} s as Python's timeout, or new ${className.replace(/ApiCall$/, 'APICall')}({ timeout: ${seconds} }) in seconds`,
  });
}

/**
 * Turns the Python guide's `timeout` (seconds) into `timeoutMs`.
 *
 * @param args - The constructor's arguments (`options` first), checked by
 * {@link refuseApiCallArguments} first.
 * @throws TypeError as {@link refuseApiCallArguments} does, when `timeout` is not a number of
 * seconds from 0.1 to 3600 (30000 is milliseconds written where seconds go), or when `timeoutMs`
 * is given as well.
 */
export function fromPythonOptions(
  options: PythonApiCallOptions | undefined,
  args: ArrayLike<unknown>,
  className: string,
): ApiCallOptions | undefined {
  refuseApiCallArguments(args, className);
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
