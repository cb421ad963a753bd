import { argumentKindOf, LogSwitchMemo, refusePositionalArguments } from '@dual-auth/core';
import {
  type ApiCallOptions,
  optionsForCall,
  type ResolvedApiCallOptions,
  resolveApiCallOptions,
} from './api-call-options.js';
import type { CallApiOptions } from './call-api-options.js';
import { DpopNonces } from './dpop-nonces.js';
import { executeCall } from './execute-call.js';
import { prepareCall } from './prepare-call.js';
import { refuseApiCallArguments } from './python-api-call-options.js';
import type { LastRequestUrl } from './request-url.js';

const CALL_API_USAGE = {
  call: 'callApi',
  example: "{ tokenResponse, apiUrl, method: 'GET', json }",
  required: true,
};

/**
 * Calls an API with dual-subject credentials: `Authorization: <tokenType> <accessToken>` and, for
 * Entra ID, `X-Act-Assertion`. The one implementation behind {@link InSessionApiCall} and
 * {@link OutOfSessionApiCall}.
 *
 * Compared with the Python reference it adds `params`, retries only idempotent methods by
 * default, follows redirects itself (credentials never go to another origin, `https:` never
 * becomes `http:`; with `allowedOrigins`, no URL of another origin is called at all), validates the method and throws {@link @dual-auth/core!ApiCallError} for
 * 4xx/5xx answers unless `throwHttpErrors: false`.
 *
 * @example
 * const api = new ApiCall({ timeoutMs: 5_000 });
 * const response = await api.callApi({ apiUrl: 'https://api.example.com/balance', tokenResponse: token });
 */
export class ApiCall {
  /** Per-request timeout in milliseconds. */
  declare readonly timeoutMs: number;
  readonly #options: ResolvedApiCallOptions;
  readonly #lastUrl: LastRequestUrl = { apiUrl: undefined, url: undefined };
  readonly #dpopNonces = new DpopNonces();
  /** The options the last call got (see {@link optionsForCall}). */
  #forCall: ResolvedApiCallOptions | undefined;
  /** When this client last read `DUAL_AUTH_LOG` (see {@link optionsForCall}); never shared. */
  readonly #logSwitch = new LogSwitchMemo();

  /**
   * @throws TypeError on a wrong option type or range, on a `timeoutMs` or `totalTimeoutMs` below
   * 100 (seconds written where milliseconds go), and on the option names of 0.1.0 (`timeout`,
   * `totalTimeout`, `expiryLeeway`), naming the one to use, and on any other key that is not an
   * option, naming the closest option; on Python's positional timeout (`new InSessionApiCall(30)`:
   * the message shows `{ timeoutMs: 30000 }`), another non-object, or an argument after the options.
   * @throws ConfigurationError when one of `allowedOrigins` is not an HTTPS URL.
   */
  constructor(options?: ApiCallOptions) {
    // biome-ignore lint/complexity/noArguments: the arguments as given; the signature stays as documented
    refuseApiCallArguments(arguments, new.target.name);
    this.#options = resolveApiCallOptions(options, `new ${new.target.name}`);
    this.timeoutMs = this.#options.timeoutMs;
    this.#options.logger.debug(this.initEvent(), { timeout_ms: this.timeoutMs });
  }

  /**
   * Sends one request and returns the response (any 2xx or 3xx; any status at all with
   * `throwHttpErrors: false`). Retries network errors, timeouts and 408/429/502/503/504 for
   * idempotent methods, honouring `Retry-After` and rate-limit resets up to
   * `retry.maxRetryAfterMs`; with a `tokenProvider`, renews an expired token first and renews
   * once more after a 401 `invalid_token`. The whole call, reading the returned body included,
   * is bounded by `totalTimeoutMs`.
   *
   * @throws TypeError on wrong arguments (Python's `call_api(token_response, api_url, method)`,
   * a token response alone, `null` or nothing included: the message names what was given, never
   * its value, and shows the options object), a caller header that would replace a credential, or
   * an `identity` naming another human or agent than the token (fixed, or each the provider gives)
   * was asked for (`DualSubjectToken.humanId`, `agentId`): nothing is sent.
   * @throws ConfigurationError when `apiUrl` is not HTTPS.
   * @throws OriginRefusedError when `apiUrl` is not on one of `allowedOrigins` (nothing is sent,
   * no token asked for), or the API redirects to such an origin (the redirect is not followed).
   * @throws ApiCallError for a 4xx/5xx answer, a timeout, the total deadline (`reason:
   * 'deadline'`; also from reading the body), a network error or a refused redirect; it never
   * holds the token, and carries `retryAfterMs` when the API asked for a wait it did not get.
   * @throws `signal.reason` when `signal` aborts, at any point (request, backoff, token renewal).
   * @example
   * const response = await api.callApi({
   *   method: 'POST',
   *   apiUrl: 'https://api.example.com/transfers',
   *   tokenProvider,
   *   params: { dryRun: true },
   *   json: { amount: 10 },
   * });
   */
  callApi(request: CallApiOptions): Promise<Response> {
    // Not async: no frame of its own waits for the answer; a throw here still rejects.
    try {
      // Python's call_api(token_response, api_url, method, json_data), or its token alone; one
      // options object passes at once.
      // biome-ignore lint/complexity/noArguments: the arguments as given; the signature stays as documented
      if (arguments.length !== 1 || argumentKindOf(request) !== 'an object') {
        // biome-ignore lint/complexity/noArguments: as above
        refusePositionalArguments(arguments, CALL_API_USAGE);
      }
      const options = optionsForCall(this.#options, this.#logSwitch, this.#forCall);
      this.#forCall = options;
      const call = prepareCall(request, options, this.#lastUrl);
      call.signal?.throwIfAborted();
      return executeCall(call, options, this.#dpopNonces);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** The reference's init log event; the two named flows override it. */
  protected initEvent(): string {
    return 'api_handler_init';
  }
}
