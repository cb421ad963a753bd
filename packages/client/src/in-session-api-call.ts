import { ApiCall } from './api-call.js';
import { fromPythonOptions, type PythonApiCallOptions } from './python-api-call-options.js';

/**
 * {@link ApiCall} for the in-session flow (the human is logged in; the token came from
 * `InSessionTokenRequest`). Python's `InSessionAPICall`.
 *
 * @example
 * import { InSessionApiCall } from '@dual-auth/client';
 *
 * const api = new InSessionApiCall({ timeoutMs: 10_000 });
 * const response = await api.callApi({
 *   apiUrl: 'https://api.example.com/accounts',
 *   tokenResponse: token,
 *   params: { limit: 10 },
 *   identity: { agentId: 'agent-1', humanId: act.sub },
 * });
 */
export class InSessionApiCall extends ApiCall {
  protected override initEvent(): string {
    return 'insession_api_handler_init';
  }
}

/**
 * {@link InSessionApiCall} under its Python name, taking the Python guide's `timeout` in
 * **seconds**: `new InSessionAPICall({ timeout: 30 })` waits 30 s per request, as
 * `InSessionAPICall(timeout=30)` did.
 *
 * @throws TypeError as {@link InSessionApiCall} does, and when `timeout` is not a number of seconds
 * from 0.1 to 3600 or comes with `timeoutMs`.
 * @example
 * const client = new InSessionAPICall({ timeout: 30 });
 */
export class InSessionAPICall extends InSessionApiCall {
  constructor(options?: PythonApiCallOptions) {
    // biome-ignore lint/complexity/noArguments: the arguments as given; the signature stays as documented
    super(fromPythonOptions(options, arguments, 'InSessionAPICall'));
  }
}
