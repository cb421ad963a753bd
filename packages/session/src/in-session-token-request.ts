import {
  type Clock,
  checkOption,
  checkValue,
  type DualSubjectToken,
  type IamAdapter,
  type Logger,
  loggerOrDefault,
  type TokenProvider,
  type TokenRequest,
} from '@dual-auth/core';
import { adapterTokenProvider, type TokenProviderRequest } from './adapter-token-provider.js';
import {
  type AdapterTokenRequestContext,
  checkAdapter,
  requestThroughAdapter,
} from './adapter-token-request.js';
import { resolveCache } from './resolve-cache.js';
import type { SingleFlightTokenCache } from './token-cache/single-flight-token-cache.js';

/** What {@link InSessionTokenRequest} takes. */
export interface InSessionTokenRequestOptions {
  adapter: IamAdapter;
  /** Shared token cache; `false` turns caching off. Default: a new in-memory cache. */
  cache?: SingleFlightTokenCache | false | undefined;
  clock?: Clock | undefined;
  logger?: Logger | undefined;
}

/**
 * Dual-subject tokens for an agent running inside the web app's process, with the act handed over
 * in memory (Python's `InSessionTokenRequest`). Works with any {@link IamAdapter}; cached with
 * single-flight by default.
 *
 * @example
 * const inSession = new InSessionTokenRequest({ adapter });
 * const token = await inSession.requestToken({ agentId: 'finance-agent', act, scope: ['finance.read'] });
 * // or hand @dual-auth/client a provider that renews on 401 invalid_token:
 * const tokenProvider = inSession.tokenProvider({ agentId: 'finance-agent', act, scope: ['finance.read'] });
 * await new InSessionApiCall().callApi({ apiUrl, tokenProvider });
 */
export class InSessionTokenRequest {
  readonly #context: AdapterTokenRequestContext;

  constructor(options: InSessionTokenRequestOptions) {
    checkValue(options, 'options', 'object');
    checkAdapter(options?.adapter, 'InSessionTokenRequest');
    checkOption(options, 'clock', 'clock');
    checkOption(options, 'logger', 'logger');
    const logger = loggerOrDefault(options.logger);
    this.#context = {
      adapter: options.adapter,
      cache: resolveCache(options.cache, 'InSessionTokenRequest', options),
      logger,
      flow: 'insession',
    };
    logger.info('insession_handler_init', { adapter_type: options.adapter.vendor });
  }

  /**
   * A token for `agentId` acting for `act.sub`, with `scope`.
   *
   * @throws TypeError on invalid inputs.
   * @throws TokenRequestError when the IdP refuses or cannot be reached.
   */
  requestToken(request: TokenRequest): Promise<DualSubjectToken> {
    return requestThroughAdapter(this.#context, request);
  }

  /**
   * A `TokenProvider` (the shape `@dual-auth/client` takes) for `agentId` acting for `act.sub`:
   * `getToken()` is {@link requestToken} through this instance's cache, and
   * `getToken({ forceRefresh: true })` skips the cached token and caches the new one. Its
   * `identity` holds the IAM ids only.
   *
   * @throws TypeError on invalid inputs, at once.
   */
  tokenProvider(request: TokenProviderRequest): TokenProvider {
    return adapterTokenProvider(this.#context, request);
  }
}
