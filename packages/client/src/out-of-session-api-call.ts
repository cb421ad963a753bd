import { ApiCall } from './api-call.js';
import { fromPythonOptions, type PythonApiCallOptions } from './python-api-call-options.js';

/**
 * {@link ApiCall} for the out-of-session flow (a remote agent acting on a verified act JWT; the
 * token came from `OutOfSessionTokenRequest`). Python's `OutOfSessionAPICall`.
 *
 * @example
 * import { OutOfSessionApiCall } from '@dual-auth/client';
 *
 * const api = new OutOfSessionApiCall();
 * const response = await api.callApi({
 *   method: 'POST',
 *   apiUrl: 'https://api.example.com/reports',
 *   tokenProvider,
 *   json: { month: '2025-01' },
 * });
 */
export class OutOfSessionApiCall extends ApiCall {
  protected override initEvent(): string {
    return 'outofsession_api_handler_init';
  }
}

/**
 * {@link OutOfSessionApiCall} under its Python name, taking the Python guide's `timeout` in
 * **seconds**: `new OutOfSessionAPICall({ timeout: 30 })` waits 30 s per request, as
 * `OutOfSessionAPICall(timeout=30)` did.
 *
 * @throws TypeError as {@link OutOfSessionApiCall} does, and when `timeout` is not a number of
 * seconds from 0.1 to 3600 or comes with `timeoutMs`.
 * @example
 * const client = new OutOfSessionAPICall({ timeout: 30 });
 */
export class OutOfSessionAPICall extends OutOfSessionApiCall {
  constructor(options?: PythonApiCallOptions) {
    // biome-ignore lint/complexity/noArguments: the arguments as given; the signature stays as documented
    super(fromPythonOptions(options, arguments, 'OutOfSessionAPICall'));
  }
}
