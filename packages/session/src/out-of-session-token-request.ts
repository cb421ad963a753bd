import {
  type Act,
  type DualSubjectToken,
  type IamAdapter,
  type Logger,
  noopLogger,
  type TokenRequest,
} from '@dual-auth/core';
import {
  ActJwtVerifier,
  type ActJwtVerifierOptions,
  type VerifyActJwtOptions,
} from './act-jwt/act-jwt-verifier.js';
import { checkAdapter, requestThroughAdapter } from './adapter-token-request.js';
import { checkOptionsObject } from './check-option.js';
import { resolveCache } from './resolve-cache.js';
import type { SingleFlightTokenCache } from './token-cache/single-flight-token-cache.js';

/** What {@link OutOfSessionTokenRequest} takes: an adapter and how to verify act JWTs. */
export interface OutOfSessionTokenRequestOptions extends ActJwtVerifierOptions {
  adapter: IamAdapter;
  /** Shared token cache; `false` turns caching off. Default: a new in-memory cache. */
  cache?: SingleFlightTokenCache | false | undefined;
}

/** Per-call options of {@link OutOfSessionTokenRequest.requestTokenFromJwt}. */
export interface RequestTokenFromJwtOptions extends VerifyActJwtOptions {
  signal?: AbortSignal | undefined;
}

/**
 * Dual-subject tokens for an agent in another process, which receives the human as a signed act
 * JWT (Python's `OutOfSessionTokenRequest`, with the reference's documented-but-missing
 * `expected_issuer` and `request_token_from_jwt`). Verification is {@link ActJwtVerifier}'s:
 * key-fixed algorithm, `iss`/`aud`/`exp`/`iat`/`nbf`, mandatory `jti` claimed once.
 *
 * @example
 * const outOfSession = new OutOfSessionTokenRequest({
 *   adapter,
 *   publicKey: appPublicKeyPem, // or jwksUrl: 'https://app.example.com/.well-known/jwks.json'
 *   expectedAudience: 'https://agent.example.com/invoke',
 * });
 * const token = await outOfSession.requestTokenFromJwt(actJwt, 'finance-agent', ['finance.read']);
 */
export class OutOfSessionTokenRequest {
  readonly #adapter: IamAdapter;
  readonly #cache: SingleFlightTokenCache | undefined;
  readonly #verifier: ActJwtVerifier;
  readonly #logger: Logger;

  constructor(options: OutOfSessionTokenRequestOptions) {
    checkOptionsObject(options, 'OutOfSessionTokenRequest');
    checkAdapter(options?.adapter, 'OutOfSessionTokenRequest');
    const { adapter, cache, ...verifierOptions } = options;
    this.#verifier = new ActJwtVerifier(verifierOptions);
    this.#adapter = adapter;
    this.#logger = options.logger ?? noopLogger;
    this.#cache = resolveCache(cache, 'OutOfSessionTokenRequest', options);
    this.#logger.info('outofsession_handler_init', { adapter_type: adapter.vendor });
  }

  /**
   * Verifies a signed act JWT, claims its `jti`, and resolves the act it carries.
   *
   * @throws ActVerificationError with a `reason` when the token is refused.
   */
  async receiveAndVerifyActJwt(actJwt: string, options?: VerifyActJwtOptions): Promise<Act> {
    return (await this.#verifier.verify(actJwt, options)).act;
  }

  /**
   * A token for `agentId` acting for `act.sub`. The act is trusted as given: pass only an act
   * that {@link receiveAndVerifyActJwt} returned, or use {@link requestTokenFromJwt}.
   *
   * @throws TypeError on invalid inputs.
   * @throws TokenRequestError when the IdP refuses or cannot be reached.
   */
  requestToken(request: TokenRequest): Promise<DualSubjectToken> {
    return requestThroughAdapter(
      { adapter: this.#adapter, cache: this.#cache, logger: this.#logger, flow: 'outofsession' },
      request,
    );
  }

  /**
   * Verifies `actJwt` and requests a token for the human in it: the whole out-of-session flow.
   *
   * @throws ActVerificationError when the act JWT is refused (no IdP request is made).
   * @throws TokenRequestError when the IdP refuses or cannot be reached.
   */
  async requestTokenFromJwt(
    actJwt: string,
    agentId: string,
    scope: readonly string[],
    options: RequestTokenFromJwtOptions = {},
  ): Promise<DualSubjectToken> {
    checkOptionsObject(options, 'requestTokenFromJwt');
    const { signal, ...verifyOptions } = options;
    const act = await this.receiveAndVerifyActJwt(actJwt, verifyOptions);
    return this.requestToken({ agentId, act, scope, ...(signal === undefined ? {} : { signal }) });
  }
}
