import {
  type Act,
  ActVerificationError,
  type Clock,
  checkSecondsOption,
  checkValue,
  type DelegationCutoffStore,
  type DualSubjectToken,
  type IamAdapter,
  type KnownOptions,
  type Logger,
  loggerOrDefault,
  refusePositionalArguments,
  refuseUnknownOptions,
  systemClock,
  type TokenProvider,
  type TokenRequest,
} from '@dual-auth/core';
import { ACT_JWT_LIVES_MINUTES, MAX_ACT_JWT_LIFETIME_SECONDS } from './act-jwt/act-jwt-lifetime.js';
import {
  ACT_JWT_VERIFIER_OPTIONS,
  ActJwtVerifier,
  type ActJwtVerifierOptions,
  actJwtClockTolerance,
  type VerifiedActJwt,
  type VerifyActJwtOptions,
} from './act-jwt/act-jwt-verifier.js';
import { verifiedActOf } from './act-jwt/verified-act-of-refusal.js';
import { adapterTokenProvider, type TokenProviderRequest } from './adapter-token-provider.js';
import {
  type AdapterTokenRequestContext,
  checkAdapter,
  checkAgentAndScope,
  checkRequest,
  REQUEST_TOKEN_USAGE,
  requestThroughAdapter,
} from './adapter-token-request.js';
import { checkDelegationNotEnded, type DelegationStart } from './check-delegation-not-ended.js';
import { resolveCache } from './resolve-cache.js';
import { auditTokenRequest } from './token-audit.js';
import type { SingleFlightTokenCache } from './token-cache/single-flight-token-cache.js';
import { markVerifiedAct, type VerifiedActRecord, verifiedActRecord } from './verified-acts.js';

/** What {@link OutOfSessionTokenRequest} takes: an adapter and how to verify act JWTs. */
export interface OutOfSessionTokenRequestOptions extends ActJwtVerifierOptions {
  adapter: IamAdapter;
  /** Shared token cache; `false` turns caching off. Default: a new in-memory cache. */
  cache?: SingleFlightTokenCache | false | undefined;
}

/** What {@link OutOfSessionTokenRequest.requestTokenFromJwt} takes. */
export interface RequestTokenFromJwtOptions extends VerifyActJwtOptions {
  /** The signed act JWT the application sent (`{"act_jwt": "…"}` in the reference's guides). */
  actJwt: string;
  agentId: string;
  scope: readonly string[];
  signal?: AbortSignal | undefined;
}

/** What {@link OutOfSessionTokenRequest.tokenProviderFromJwt} takes. */
export interface TokenProviderFromJwtOptions extends VerifyActJwtOptions {
  /** The signed act JWT the application sent. */
  actJwt: string;
  agentId: string;
  scope: readonly string[];
  /**
   * Ends the delegation sooner: the provider gives out tokens for at most this many seconds from
   * now, and never past the act JWT's own `exp` — the application's mandate ends when its signed
   * act does, so a longer value is capped there (the application grants a longer delegation with
   * a longer `ttlSeconds`, within its sender's `maxTtlSeconds`). Default: until the act JWT's
   * `exp`. At most 3600 (an hour, the longest act JWT: `ActJwtVerifier`'s `maxLifetimeSeconds`), else
   * a `TypeError` saying "seconds, not milliseconds?": a longer value never ends the delegation
   * sooner, so `600_000` (ten minutes in milliseconds) would leave it to the act JWT's `exp`.
   */
  delegationSeconds?: number | undefined;
}

const OPTIONS = /* @__PURE__ */ (() =>
  ({
    ...ACT_JWT_VERIFIER_OPTIONS,
    adapter: true,
    cache: true,
  }) as const satisfies KnownOptions<OutOfSessionTokenRequestOptions>)();

const REQUEST_TOKEN_FROM_JWT_OPTIONS = {
  actJwt: true,
  agentId: true,
  scope: true,
  signal: true,
  expectedAudience: true,
  expectedIssuer: true,
} as const satisfies KnownOptions<RequestTokenFromJwtOptions>;

const TOKEN_PROVIDER_FROM_JWT_OPTIONS = /* @__PURE__ */ (() =>
  ({
    ...REQUEST_TOKEN_FROM_JWT_OPTIONS,
    delegationSeconds: true,
  }) as const satisfies KnownOptions<TokenProviderFromJwtOptions>)();

/**
 * Reads the named parameters of the two `…FromJwt` methods; the positional form of earlier
 * versions lands here as a string and gets a message that shows the object.
 *
 * @throws TypeError when `options` is not `{ actJwt, agentId, scope, … }` with valid values, or
 *   has a key that is not an option.
 */
function readJwtRequest<T extends { agentId: string; scope: readonly string[] }>(
  args: ArrayLike<unknown>,
  options: T,
  known: KnownOptions<T>,
  method: string,
  logger: Logger,
): T {
  refusePositionalArguments(args, {
    call: method,
    example: '{ actJwt, agentId, scope }',
    required: true,
  });
  refuseUnknownOptions(options, known, `OutOfSessionTokenRequest.${method}`);
  checkAgentAndScope(options.agentId, options.scope, logger);
  return options;
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
 * const token = await outOfSession.requestTokenFromJwt({ actJwt, agentId: 'finance-agent', scope: ['finance.read'] });
 */
export class OutOfSessionTokenRequest {
  readonly #context: AdapterTokenRequestContext;
  readonly #verifier: ActJwtVerifier;
  readonly #clock: Clock;
  readonly #cutoffStore: DelegationCutoffStore | undefined;
  readonly #clockToleranceSeconds: number;

  constructor(options: OutOfSessionTokenRequestOptions) {
    // biome-ignore lint/complexity/noArguments: the arguments as given; the signature stays as documented
    refusePositionalArguments(arguments, {
      call: 'new OutOfSessionTokenRequest',
      example: '{ adapter, publicKey: await loadKeyFile(appPublicKeyPath) }',
      note: "loadKeyFile from '@dual-auth/session/node'; the audience goes to receiveAndVerifyActJwt(actJwt, { expectedAudience })",
    });
    checkValue(options, 'options', 'object');
    refuseUnknownOptions(options, OPTIONS, 'new OutOfSessionTokenRequest');
    checkAdapter(options?.adapter, 'OutOfSessionTokenRequest');
    const { adapter, cache, ...verifierOptions } = options;
    this.#verifier = new ActJwtVerifier(verifierOptions);
    this.#clock = options.clock ?? systemClock;
    this.#cutoffStore = options.cutoffStore;
    this.#clockToleranceSeconds = actJwtClockTolerance(verifierOptions);
    const logger = loggerOrDefault(options.logger);
    this.#context = {
      adapter,
      cache: resolveCache(cache, 'OutOfSessionTokenRequest', options),
      logger,
      flow: 'outofsession',
      clockToleranceSeconds: this.#clockToleranceSeconds,
    };
    logger.info('outofsession_handler_init', { adapter_type: adapter.vendor });
  }

  /**
   * Verifies a signed act JWT, claims its `jti`, and resolves the act it carries: deep-frozen, and
   * the only kind of act {@link requestToken} and {@link tokenProvider} of this instance accept
   * (until the act JWT's `exp`). Pass this very object on (`runWithAct` keeps it as is): a copy of
   * it is refused.
   *
   * @throws ActVerificationError with a `reason` when the token is refused.
   */
  async receiveAndVerifyActJwt(actJwt: string, options?: VerifyActJwtOptions): Promise<Act> {
    // Python's receive_and_verify_act_jwt(act_jwt, expected_audience); the act JWT is no object.
    // biome-ignore lint/complexity/noArguments: the arguments as given; the signature stays as documented
    if (arguments.length > 1) {
      // biome-ignore lint/complexity/noArguments: the arguments as given; the signature stays as documented
      refusePositionalArguments([undefined, ...Array.from(arguments).slice(1)], {
        call: 'receiveAndVerifyActJwt',
        example: 'actJwt, { expectedAudience }',
        takes: 'the act JWT and one options object',
        objects: 2,
      });
    }
    const { act, exp, iat } = await this.#verifier.verify(actJwt, options);
    return markVerifiedAct(act, this, { exp, iat });
  }

  /**
   * A token for `agentId` acting for `act.sub`. `act` must be the very object this instance's
   * {@link receiveAndVerifyActJwt} returned (a hand-built act, a copy, or an act another instance
   * verified is refused), and its act JWT must not have expired; or use
   * {@link requestTokenFromJwt}. With a `cutoffStore`, the human's cut-off is read before the IdP
   * is asked and again after it answers: a delegation ended by then gives no token.
   *
   * @throws TypeError on invalid inputs.
   * @throws ActVerificationError before any IdP request (audited DENY): `invalid_act` when `act`
   *   was not returned by this instance's `receiveAndVerifyActJwt`, `expired` once its act JWT's
   *   `exp` has passed; with a `cutoffStore`, `revoked` when the human's delegations were ended
   *   (also while the IdP was minting: that token is never handed out nor cached) and
   *   `cutoff_store_unavailable` when the store did not answer.
   * @throws TokenRequestError when the IdP refuses or cannot be reached.
   */
  async requestToken(given: TokenRequest): Promise<DualSubjectToken> {
    // biome-ignore lint/complexity/noArguments: the arguments as given; the signature stays as documented
    refusePositionalArguments(arguments, REQUEST_TOKEN_USAGE);
    const request = readOnce(given);
    checkRequest(request, this.#context.logger);
    const { agentId, act, scope } = request;
    const verified = this.#verifiedAct(request, 'requestToken');
    const start = this.#delegationStart(verified.iat);
    if (start === undefined) {
      return requestThroughAdapter(this.#context, request, { identities: 'verified' });
    }
    const notEnded = this.#notEnded(act, start, agentId, scope);
    const cutoffMs = await notEnded.beforeRequest();
    // A cut-off written while the IdP was minting: that token is refused, never handed out.
    const context = { ...this.#context, checkAnswer: notEnded.afterAnswer };
    return requestThroughAdapter(context, request, { cutoffMs, identities: 'verified' });
  }

  /**
   * A `TokenProvider` (the shape `@dual-auth/client` takes) for `agentId` acting for `act.sub`,
   * through this instance's cache; `forceRefresh` skips the cached token and caches the new one.
   * As with {@link requestToken}, `act` must be the very object this instance's
   * {@link receiveAndVerifyActJwt} returned; the provider gives out tokens until that act JWT's
   * `exp`, then refuses (`expired`), and with a `cutoffStore` checks the human's cut-off before
   * every IdP request and after every answer. Prefer {@link tokenProviderFromJwt}.
   *
   * @throws TypeError on invalid inputs, at once.
   * @throws ActVerificationError at once (audited DENY, no IdP request): `invalid_act` when `act`
   *   was not returned by this instance's `receiveAndVerifyActJwt`, `expired` once its act JWT's
   *   `exp` has passed.
   */
  tokenProvider(given: TokenProviderRequest): TokenProvider {
    // biome-ignore lint/complexity/noArguments: the arguments as given; the signature stays as documented
    refusePositionalArguments(arguments, { ...REQUEST_TOKEN_USAGE, call: 'tokenProvider' });
    const request = readOnce(given);
    checkRequest(request, this.#context.logger);
    const { agentId, act, scope } = request;
    const verified = this.#verifiedAct(request, 'tokenProvider');
    const start = this.#delegationStart(verified.iat);
    return adapterTokenProvider(this.#context, request, {
      endsAtMs: verified.exp * 1000,
      clock: this.#clock,
      ...(start === undefined ? {} : { notEnded: this.#notEnded(act, start, agentId, scope) }),
    });
  }

  // What this instance's verification proved about `request.act`; refuses (audited, before any
  // IdP request) an act it did not return, and one whose act JWT has expired.
  #verifiedAct(
    request: Pick<TokenRequest, 'agentId' | 'act' | 'scope'>,
    method: string,
  ): VerifiedActRecord {
    const { agentId, act, scope } = request;
    const { adapter, logger } = this.#context;
    const verified = verifiedActRecord(act, this);
    let refused: ActVerificationError | undefined;
    if (verified === undefined) {
      refused = new ActVerificationError({
        reason: 'invalid_act',
        claim: 'act',
        message: `OutOfSessionTokenRequest.${method}: this act was not returned by this instance's receiveAndVerifyActJwt (an act built by hand, a copy, or one another instance verified); pass the object receiveAndVerifyActJwt returned, or use ${method}FromJwt`,
      });
    } else if (this.#clock.now() >= verified.exp * 1000) {
      refused = new ActVerificationError({
        reason: 'expired',
        claim: 'exp',
        message: `OutOfSessionTokenRequest.${method}: the act JWT of this act expired at ${new Date(verified.exp * 1000).toISOString()}: ask the application for a new act JWT`,
      });
    }
    if (refused === undefined) return verified as VerifiedActRecord;
    // The human of an act this instance did not verify is not proven: the record does not name it.
    auditTokenRequest(
      logger,
      verified === undefined
        ? {
            agentId,
            scope,
            audience: adapter.audience,
            vendor: adapter.vendor,
            identities: 'unverified',
          }
        : {
            agentId,
            act,
            scope,
            audience: adapter.audience,
            vendor: adapter.vendor,
            identities: 'verified',
          },
      refused,
    );
    throw refused;
  }

  /**
   * Verifies `actJwt` once (claiming its `jti`) and returns a `TokenProvider` for the human in it:
   * every later renewal reuses the verified act, so the single-use act JWT is never sent again.
   * The delegation is bounded: once the act JWT's `exp` has passed (or `delegationSeconds`, if
   * that is sooner), the provider refuses with `ActVerificationError` (`expired`) instead of
   * renewing for the human. With a `cutoffStore`, every `getToken` reads the human's cut-off first
   * and every IdP answer is checked again: after `endDelegation` the provider refuses (`revoked`),
   * drops the human's cached tokens, and gives out no token; a store that does not answer refuses
   * too (`cutoff_store_unavailable`).
   *
   * @example
   * const tokenProvider = await outOfSession.tokenProviderFromJwt({ actJwt, agentId: 'finance-agent', scope: ['finance.read'] });
   * await new OutOfSessionApiCall().callApi({ apiUrl, tokenProvider });
   *
   * @throws ActVerificationError when the act JWT is refused.
   * @throws TypeError on invalid inputs, before the act JWT is verified (its `jti` stays unspent).
   */
  async tokenProviderFromJwt(options: TokenProviderFromJwtOptions): Promise<TokenProvider> {
    const request = readJwtRequest(
      // biome-ignore lint/complexity/noArguments: the arguments as given; the signature stays as documented
      arguments,
      options,
      TOKEN_PROVIDER_FROM_JWT_OPTIONS,
      'tokenProviderFromJwt',
      this.#context.logger,
    );
    // delegationSeconds is not the verifier's; it is read below, as an own option only.
    const { actJwt, agentId, scope, delegationSeconds: _given, ...verifyOptions } = request;
    // Above the longest act JWT it never ends the delegation sooner: milliseconds by mistake.
    const delegationSeconds = checkSecondsOption(
      request,
      'delegationSeconds',
      'positive',
      MAX_ACT_JWT_LIFETIME_SECONDS,
      ACT_JWT_LIVES_MINUTES,
    );
    const { act, exp, iat } = await this.#verifier.verify(actJwt, verifyOptions);
    // The agent may shorten the application's mandate, never lengthen it.
    const endsAtMs =
      delegationSeconds === undefined
        ? exp * 1000
        : Math.min(exp * 1000, this.#clock.now() + delegationSeconds * 1000);
    const start = this.#delegationStart(iat);
    return adapterTokenProvider(
      this.#context,
      { agentId, act, scope },
      {
        endsAtMs,
        clock: this.#clock,
        ...(start === undefined ? {} : { notEnded: this.#notEnded(act, start, agentId, scope) }),
      },
    );
  }

  // Where the cut-off of a delegation that began at `iat` (an act JWT's) is read; none without a store.
  #delegationStart(iat: number): DelegationStart | undefined {
    const cutoffStore = this.#cutoffStore;
    if (cutoffStore === undefined) return undefined;
    return {
      cutoffStore,
      issuedAtSeconds: iat,
      clockToleranceSeconds: this.#clockToleranceSeconds,
    };
  }

  // The provider's checks of a delegation from an act JWT: before a request (audited when it
  // refuses, as no IdP request follows) and after each IdP answer.
  #notEnded(act: Act, start: DelegationStart, agentId: string, scope: readonly string[]) {
    const context = this.#context;
    const { audience, vendor } = context.adapter;
    // The human of the verified act JWT.
    const audited = { agentId, act, scope, audience, vendor, identities: 'verified' as const };
    return {
      beforeRequest: () => checkDelegationNotEnded(context, act, start, audited),
      afterAnswer: () => checkDelegationNotEnded(context, act, start),
    };
  }

  /**
   * Verifies `actJwt` and requests a token for the human in it: the whole out-of-session flow.
   *
   * @example
   * const token = await outOfSession.requestTokenFromJwt({ actJwt, agentId: 'finance-agent', scope: ['finance.read'] });
   *
   * @throws ActVerificationError when the act JWT is refused (no IdP request is made), or, with a
   * `cutoffStore`, when the human's delegations were ended while the IdP was minting the token
   * (`revoked`: that token is never handed out nor cached).
   * @throws TypeError on invalid inputs, before the act JWT is verified (its `jti` stays unspent).
   * @throws TokenRequestError when the IdP refuses or cannot be reached, or answers a JWT whose
   * `iat` is at or before the human's cut-off (an IdP that reuses its tokens; status 200).
   */
  async requestTokenFromJwt(options: RequestTokenFromJwtOptions): Promise<DualSubjectToken> {
    const { actJwt, agentId, scope, signal, ...verifyOptions } = readJwtRequest(
      // biome-ignore lint/complexity/noArguments: the arguments as given; the signature stays as documented
      arguments,
      options,
      REQUEST_TOKEN_FROM_JWT_OPTIONS,
      'requestTokenFromJwt',
      this.#context.logger,
    );
    let verified: VerifiedActJwt;
    try {
      verified = await this.#verifier.verify(actJwt, { ...verifyOptions, signal });
    } catch (error) {
      // A refused act JWT is a decision too: the human's side, before any IdP request.
      if (ActVerificationError.isInstance(error)) {
        const { adapter, logger } = this.#context;
        // Named only when its signature verified before the failing step (a replay, a store
        // down, an ended delegation): a human read from an unverified act JWT is not proven.
        const act = verifiedActOf(error);
        const identities = act === undefined ? 'unverified' : 'verified';
        auditTokenRequest(
          logger,
          { agentId, act, scope, vendor: adapter.vendor, identities },
          error,
        );
      }
      throw error;
    }
    const { act, iat, cutoffMs } = verified;
    const start = this.#delegationStart(iat);
    // A cut-off written while the IdP was minting: that token is refused, never handed out.
    const context =
      start === undefined
        ? this.#context
        : {
            ...this.#context,
            checkAnswer: () => checkDelegationNotEnded(this.#context, act, start),
          };
    const request = { agentId, act, scope, ...(signal === undefined ? {} : { signal }) };
    // Tokens cached before the human's cut-off are stale for this new delegation too.
    // The human of a verified act JWT: its records say `identities: "verified"`.
    return requestThroughAdapter(context, request, { cutoffMs, identities: 'verified' });
  }
}

/**
 * The request as read once: a fresh object of its own fields' values. The act checked is then the
 * act the IdP is asked for, and the provider keeps asking for it: a getter or proxy answering the
 * verified act to the check and another human later gets the verified one every time.
 */
function readOnce<T extends object>(request: T): T {
  return typeof request === 'object' && request !== null ? { ...request } : request;
}
