import {
  type Clock,
  checkIatBackdateSeconds,
  checkOption,
  checkValue,
  cutoffIssuedAtSeconds,
  type DelegationCutoffStore,
  type DualSubjectToken,
  type IamAdapter,
  type KnownOptions,
  type Logger,
  loggerOrDefault,
  ownOption,
  readOptions,
  refusePositionalArguments,
  refuseUnknownOptions,
  requireValue,
  systemClock,
  type TokenProvider,
  type TokenRequest,
} from '@dual-auth/core';
import {
  adapterTokenProvider,
  type SignedInAt,
  type TokenProviderRequest,
} from './adapter-token-provider.js';
import {
  type AdapterTokenRequestContext,
  checkAdapter,
  REQUEST_TOKEN_USAGE,
  readRequestOnce,
  requestThroughAdapter,
} from './adapter-token-request.js';
import { checkDelegationNotEnded } from './check-delegation-not-ended.js';
import { datesBySubjectToken } from './dates-by-subject-token.js';
import { resolveCache } from './resolve-cache.js';
import { subjectTokenIssuedAt } from './subject-token-issued-at.js';
import type { SingleFlightTokenCache } from './token-cache/single-flight-token-cache.js';
import { isVerifiedAct } from './verified-acts.js';

/** What {@link InSessionTokenRequest} takes. */
export interface InSessionTokenRequestOptions {
  adapter: IamAdapter;
  /** Shared token cache; `false` turns caching off. Default: a new in-memory cache. */
  cache?: SingleFlightTokenCache | false | undefined;
  /**
   * Per-human cut-offs set by `endDelegation` (give it the same store, and the API guard too;
   * Redis across instances). Every request then reads the human's cut-off first: a subject token
   * that is a JWT issued at or before it, or within `clockToleranceSeconds` after it, is refused
   * (`revoked`) before any IdP request, so an app that still holds the human's token after a
   * logout cannot mint a new delegation from it; so is a request whose `signedInAtMs` (the
   * human's sign-in time) is at or before the cut-off, or within the tolerance after it. While a
   * cut-off is kept for the human, a request that shows neither (no subject token, or one the
   * agent cannot date: opaque, encrypted, without `iat`, and no `signedInAtMs`) is refused too
   * (`revoked`; its message says to pass `signedInAtMs` or a dated subject token): an agent task
   * that outlives the logout cannot mint new delegations. The subject token dates a request only
   * for an adapter of `layout` `rfc8693` (`IamAdapter.layout`), whose IdP verifies it; for any
   * other (legacy: it never reaches the IdP, so its `iat` is anyone's to write) it is not read,
   * and the request shows `signedInAtMs` or is refused. A cached token issued at or before the
   * cut-off is not served; a store that does not answer refuses (`cutoff_store_unavailable`).
   * Default: none, no cut-off is read.
   */
  cutoffStore?: DelegationCutoffStore | undefined;
  /**
   * How far, in seconds, the IdP's clock may run ahead of the one that recorded a cut-off: a
   * subject token issued up to this long after the cut-off is refused too. Default 15, the API
   * guard's. At most 300 (RFC 7519 §4.1.4: "usually no more than a few minutes"): a larger value
   * (milliseconds by mistake) is a `TypeError` saying "seconds, not milliseconds?".
   */
  clockToleranceSeconds?: number | undefined;
  clock?: Clock | undefined;
  logger?: Logger | undefined;
}

const OPTIONS = {
  adapter: true,
  cache: true,
  cutoffStore: true,
  clockToleranceSeconds: true,
  clock: true,
  logger: true,
} as const satisfies KnownOptions<InSessionTokenRequestOptions>;

const TOKEN_PROVIDER_REQUEST = {
  agentId: true,
  act: true,
  scope: true,
  subjectToken: true,
  signedInAtMs: true,
} as const satisfies KnownOptions<TokenProviderRequest>;

const REQUEST = /* @__PURE__ */ (() =>
  ({
    ...TOKEN_PROVIDER_REQUEST,
    signal: true,
  }) as const satisfies KnownOptions<InSessionRequest>)();

/** The guard's default tolerance: the subject token is signed by the IdP, as its access tokens. */
const DEFAULT_CLOCK_TOLERANCE_SECONDS = 15;

/** How a refusal names the human's token, and what the app does next. */
const SUBJECT_TOKEN = {
  label: 'Subject token',
  advice:
    "the human's session ended (endDelegation); drop this token from the app's session and sign the human in again",
};

/** How a refusal names the sign-in time the app passed. */
const SIGN_IN = {
  label: 'Sign-in (signedInAtMs)',
  ended: (acceptedFrom: string | undefined) =>
    `came ${acceptedFrom === undefined ? 'before' : 'less than the clock tolerance after'} the human's delegations were ended (endDelegation): sign the human in again and pass the new sign-in time${acceptedFrom === undefined ? '' : `; one from ${acceptedFrom} on is accepted`}`,
};

/** How a refusal names a request that shows no sign-in time, while a cut-off is kept. */
const UNDATED = {
  label: 'In-session request',
  undated:
    "carries no sign-in time, and the human's delegations were ended (endDelegation): pass the human's sign-in time (signedInAtMs, ms since the epoch), or a subject token that is a JWT with iat to an adapter whose IdP verifies it (layout rfc8693)",
};

/** One {@link InSessionTokenRequest.requestToken}: a `TokenRequest`, and when the human signed in. */
export type InSessionRequest = TokenRequest & SignedInAt;

// A request read once (core's read-once copy, a verified act kept as is), unless its act is one an
// act JWT's verification returned: that act belongs to its OutOfSessionTokenRequest, which ends
// the delegation at the act JWT's `exp` and reads the cut-off by its `iat`; this class reads
// neither, so it would ask the IdP for the human's tokens long after the mandate ended.
function readInSessionRequest<T extends TokenProviderRequest>(request: T, logger: Logger): T {
  const read = readRequestOnce(request, logger);
  if (isVerifiedAct(read.act)) {
    throw new TypeError(
      'InSessionTokenRequest: this act came from an act JWT, whose exp ends the delegation: request with the OutOfSessionTokenRequest that verified it',
    );
  }
  return read;
}

// When the session began: the earlier of the subject token's `iat` (only where the IdP verifies
// the token: `datesBySubjectToken`) and `signedInAtMs`, either when only one is known; else undated.
function sessionStart(
  request: TokenProviderRequest,
  iatBackdateSeconds: number,
  bySubjectToken: boolean,
) {
  const iat = bySubjectToken ? subjectTokenIssuedAt(request.subjectToken) : undefined;
  const tokenSeconds =
    iat === undefined ? undefined : cutoffIssuedAtSeconds(iat, iatBackdateSeconds);
  const { signedInAtMs } = request;
  // Floored: a sign-in in the cut-off's own second is judged as an `iat` of that second.
  const signInSeconds = signedInAtMs === undefined ? undefined : Math.floor(signedInAtMs / 1000);
  if (
    signInSeconds !== undefined &&
    !(tokenSeconds !== undefined && tokenSeconds < signInSeconds)
  ) {
    return { issuedAtSeconds: signInSeconds, credential: SIGN_IN };
  }
  if (tokenSeconds !== undefined)
    return { issuedAtSeconds: tokenSeconds, credential: SUBJECT_TOKEN };
  return { issuedAtSeconds: undefined, credential: UNDATED };
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
  readonly #cutoffStore: DelegationCutoffStore | undefined;
  readonly #clockToleranceSeconds: number;
  readonly #clock: Clock;
  readonly #bySubjectToken: boolean;

  /**
   * @throws TypeError on invalid options: unknown keys, an adapter whose `iatBackdateSeconds` is
   * above 600 or whose `layout` is neither `legacy` nor `rfc8693` (absent counts as `legacy`).
   */
  constructor(given: InSessionTokenRequestOptions) {
    // biome-ignore lint/complexity/noArguments: the arguments as given; the signature stays as documented
    refusePositionalArguments(arguments, {
      call: 'new InSessionTokenRequest',
      example: '{ adapter }',
    });
    checkValue(given, 'options', 'object');
    // Read once: the adapter whose layout is read is the one kept (a getter answers once).
    const options = readOptions(given, OPTIONS, 'new InSessionTokenRequest');
    checkAdapter(options?.adapter, 'InSessionTokenRequest');
    // At most core's MAX_IAT_BACKDATE_SECONDS (600), as the API guard takes a token profile's.
    checkIatBackdateSeconds(
      options.adapter.iatBackdateSeconds,
      'options.adapter.iatBackdateSeconds',
    );
    this.#bySubjectToken = datesBySubjectToken(options.adapter);
    this.#clock = checkOption(options, 'clock', 'clock') ?? systemClock;
    checkOption(options, 'logger', 'logger');
    if (options.cutoffStore !== undefined) {
      requireValue(options.cutoffStore.cutoffOf, 'options.cutoffStore.cutoffOf', 'function');
    }
    this.#cutoffStore = options.cutoffStore;
    this.#clockToleranceSeconds =
      checkOption(options, 'clockToleranceSeconds', 'toleranceSeconds') ??
      DEFAULT_CLOCK_TOLERANCE_SECONDS;
    const logger = loggerOrDefault(options.logger);
    this.#context = {
      adapter: options.adapter,
      cache: resolveCache(options.cache, 'InSessionTokenRequest', options),
      logger,
      flow: 'insession',
      clockToleranceSeconds: this.#clockToleranceSeconds,
    };
    logger.info('insession_handler_init', { adapter_type: options.adapter.vendor });
  }

  /**
   * A token for `agentId` acting for `act.sub`, with `scope`.
   *
   * @throws TypeError on invalid inputs (a key that is not a field of the request too),
   * `signedInAtMs` that is not a time (ms ≥ 0) or is later
   * than the clock's now plus `clockToleranceSeconds` (a value in µs, not ms since the epoch) included,
   * and an `act` that `OutOfSessionTokenRequest.receiveAndVerifyActJwt` returned (its act JWT's
   * `exp` ends the delegation, which only that class reads: request with it).
   * @throws TokenRequestError when the IdP refuses or cannot be reached.
   * @throws ActVerificationError, with a `cutoffStore`: `revoked` when the subject token (read for
   * an adapter of layout `rfc8693` only) was issued
   * or the human signed in (`signedInAtMs`) at or before the human's cut-off (sign the human in
   * again), when the request shows neither while a cut-off is kept, or the cut-off was written
   * while the IdP was minting; `cutoff_store_unavailable` when the store did not answer.
   */
  async requestToken(request: InSessionRequest): Promise<DualSubjectToken> {
    // biome-ignore lint/complexity/noArguments: the arguments as given; the signature stays as documented
    refusePositionalArguments(arguments, REQUEST_TOKEN_USAGE);
    refuseUnknownOptions(request, REQUEST, 'InSessionTokenRequest.requestToken');
    this.#checkSignedInAt(request);
    const read = readInSessionRequest(request, this.#context.logger);
    if (this.#cutoffStore === undefined) return requestThroughAdapter(this.#context, read);
    // The provider's path: the same checks, before the request and after each IdP answer. The
    // request's keys and sign-in time are checked above, once.
    const { signal } = read;
    return this.#provider(read).getToken(signal === undefined ? {} : { signal });
  }

  /**
   * A `TokenProvider` (the shape `@dual-auth/client` takes) for `agentId` acting for `act.sub`:
   * `getToken()` is {@link requestToken} through this instance's cache, and
   * `getToken({ forceRefresh: true })` skips the cached token and caches the new one. Its
   * `identity` holds the IAM ids only.
   *
   * With a `cutoffStore`, every `getToken` is checked as {@link requestToken} is, with
   * `request.signedInAtMs`.
   *
   * @throws TypeError on invalid inputs, at once (`signedInAtMs`, unknown keys and a verified act
   * as {@link requestToken}).
   */
  tokenProvider(request: TokenProviderRequest): TokenProvider {
    // biome-ignore lint/complexity/noArguments: the arguments as given; the signature stays as documented
    refusePositionalArguments(arguments, { ...REQUEST_TOKEN_USAGE, call: 'tokenProvider' });
    refuseUnknownOptions(request, TOKEN_PROVIDER_REQUEST, 'InSessionTokenRequest.tokenProvider');
    this.#checkSignedInAt(request);
    return this.#provider(readInSessionRequest(request, this.#context.logger));
  }

  // The provider of a request read once, whose keys and sign-in time are checked. The cut-off
  // checks read the act the provider asks tokens for: that copy, as the provider keeps one, not
  // the caller's object, which the app may reuse for another human meanwhile.
  #provider(read: TokenProviderRequest): TokenProvider {
    if (this.#cutoffStore === undefined) return adapterTokenProvider(this.#context, read);
    const notEnded = this.#notEnded(this.#cutoffStore, read);
    return adapterTokenProvider(this.#context, read, { notEnded });
  }

  // A sign-in time after now is no sign-in time: the cut-off would take any request as a session
  // begun after the logout (an app's µs `performance.timeOrigin * 1000`, a session record edited).
  #checkSignedInAt(request: unknown): void {
    const signedInAtMs = checkValue(ownOption(request, 'signedInAtMs'), 'signedInAtMs', 'number');
    if (signedInAtMs === undefined) return;
    const latestMs = this.#clock.now() + this.#clockToleranceSeconds * 1000;
    if (signedInAtMs > latestMs) {
      throw new TypeError(
        `signedInAtMs ${signedInAtMs} is after now: pass ms since the epoch (Date.now() at sign-in), not µs or s`,
      );
    }
  }

  // The cut-off checks of one request: before it (audited when it refuses, as no IdP request
  // follows; resolves the cut-off, for the cache) and after each IdP answer (a cut-off written
  // while the IdP was minting). A dated subject token counts as issued at `iat` plus the adapter's
  // `iatBackdateSeconds` (Entra dates `iat` 5 minutes back): else every sign-in in the 5 minutes
  // after a logout is refused, and signing in again cannot help. The trade: should the IdP stop
  // backdating, a subject token it really minted up to that long before the cut-off is exchanged.
  #notEnded(cutoffStore: DelegationCutoffStore, request: TokenProviderRequest) {
    const context = this.#context;
    const { agentId, act, scope } = request;
    const { audience, vendor, iatBackdateSeconds = 0 } = context.adapter;
    const audited = { agentId, act, scope, audience, vendor };
    const start = {
      cutoffStore,
      clockToleranceSeconds: this.#clockToleranceSeconds,
      ...sessionStart(request, iatBackdateSeconds, this.#bySubjectToken),
      dropCacheOnRefusal: false,
    };
    return {
      beforeRequest: () => checkDelegationNotEnded(context, act, start, audited),
      afterAnswer: () => checkDelegationNotEnded(context, act, start),
    };
  }
}
