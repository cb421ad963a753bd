import {
  type Clock,
  type DualSubjectToken,
  type IamAdapter,
  type Logger,
  noopLogger,
  type TokenRequest,
} from '@dual-auth/core';
import { checkAdapter, requestThroughAdapter } from './adapter-token-request.js';
import { checkClock, checkLogger, checkOptionsObject } from './check-option.js';
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
 */
export class InSessionTokenRequest {
  readonly #adapter: IamAdapter;
  readonly #cache: SingleFlightTokenCache | undefined;
  readonly #logger: Logger;

  constructor(options: InSessionTokenRequestOptions) {
    checkOptionsObject(options, 'InSessionTokenRequest');
    checkAdapter(options?.adapter, 'InSessionTokenRequest');
    checkClock(options.clock, 'InSessionTokenRequest: clock');
    checkLogger(options.logger, 'InSessionTokenRequest: logger');
    this.#adapter = options.adapter;
    this.#logger = options.logger ?? noopLogger;
    this.#cache = resolveCache(options.cache, 'InSessionTokenRequest', options);
    this.#logger.info('insession_handler_init', { adapter_type: this.#adapter.vendor });
  }

  /**
   * A token for `agentId` acting for `act.sub`, with `scope`.
   *
   * @throws TypeError on invalid inputs.
   * @throws TokenRequestError when the IdP refuses or cannot be reached.
   */
  requestToken(request: TokenRequest): Promise<DualSubjectToken> {
    return requestThroughAdapter(
      { adapter: this.#adapter, cache: this.#cache, logger: this.#logger, flow: 'insession' },
      request,
    );
  }
}
