import {
  type Clock,
  checkOption,
  checkValue,
  countMetric,
  type DualSubjectToken,
  errorClassOf,
  humanIdForLogging,
  type KnownOptions,
  type Logger,
  LogSwitchMemo,
  loggerOrDefault,
  prepareHumanIdForLogging,
  refuseUnknownOptions,
  StoreUnavailableError,
  systemClock,
  type TelemetryAttributes,
  type TelemetrySpan,
  type TokenCache,
  type TokenCacheLock,
  type TokensOfOptions,
  telemetryIdle,
  withLeafSpan,
  withSpan,
} from '@dual-auth/core';
import { raceAbort } from '@dual-auth/core/adapter-kit';
import { countedFromRequestStart } from './counted-from-request-start.js';
import { InMemoryTokenCache } from './in-memory-token-cache.js';
import {
  checkTokenCutoff,
  issuedAtOrBefore,
  notBeforeCutoff,
  type TokenCutoff,
} from './issued-at-or-before.js';
import { type ActTokenCacheKey, serializeTokenCacheKey } from './token-cache-key.js';
import { UNLISTABLE_STORE } from './unlistable-store.js';

/**
 * How a lookup was answered: `hit` (stored and fresh), `miss` (a new request), `coalesced`
 * (joined a request under way), `refresh` (the stored token was refused; a new request).
 */
type LookupResult = 'hit' | 'miss' | 'coalesced' | 'refresh';

function lookedUp(span: TelemetrySpan, result: LookupResult): void {
  span.setAttributes({ 'dual_auth.cache.result': result });
  countMetric('dual_auth.token_cache.lookups', { 'dual_auth.cache.result': result });
}

// Built only for a span something records: the human's id may be a SHA-256 digest.
function lookupAttributes(key: ActTokenCacheKey): TelemetryAttributes {
  return { 'dual_auth.agent.id': key.agentId, 'dual_auth.human.id': humanIdForLogging(key) };
}

/** What {@link SingleFlightTokenCache} takes. */
export interface SingleFlightTokenCacheOptions {
  /** Where tokens are kept. Default: an {@link InMemoryTokenCache}. */
  store?: TokenCache | undefined;
  /**
   * A token this close to expiry is not served; a new one is requested. Default 30 s. The margin
   * used for a token is at most a quarter of its lifetime (`expires_in`), so a token that lives
   * less than the margin (20 s against 30 s) is still served for three quarters of its life.
   */
  refreshMarginSeconds?: number | undefined;
  clock?: Clock | undefined;
  logger?: Logger | undefined;
}

const KNOWN = {
  store: true,
  refreshMarginSeconds: true,
  clock: true,
  logger: true,
} as const satisfies KnownOptions<SingleFlightTokenCacheOptions>;

/** Per-call options of {@link SingleFlightTokenCache.getOrRequest}. */
export interface GetOrRequestOptions {
  signal?: AbortSignal | undefined;
  /** Skip the stored token and get a new one, which replaces it. */
  forceRefresh?: boolean | undefined;
  /**
   * Runs for this caller alone once an IdP answer it waited for (its own request or one it
   * joined) is in, before the token is handed to it; throwing refuses the token to this caller
   * only. Not run for a stored token.
   */
  checkAnswer?: (() => Promise<unknown>) | undefined;
  /**
   * Runs for a request this caller starts on a store shared by several instances (one with
   * `lock`), once the lock is had (or could not be had): another instance may have held it for as
   * long as an IdP request takes. Before the store is read again and before the IdP is asked;
   * throwing refuses the request (no IdP request, no token: a delegation ended during the wait).
   * What it resolves, when a number, is the human's cut-off read anew (ms since the epoch): the
   * token another instance stored meanwhile is judged by it (with `notIssuedAtOrBeforeMs`, the
   * later of the two). One more read of the cut-off per IdP request; not run without a `lock`.
   * A caller that joined this request and is refused by it starts a request of its own.
   */
  recheckAfterLock?: (() => Promise<unknown>) | undefined;
  /**
   * Ms since the epoch: a token issued at or before it (the human's delegation cut-off) is not
   * served, neither a stored one nor the answer of a request under way that this call joined; a
   * new one is requested and replaces it. A token whose request started at or before the cut-off
   * (its `issuedAt`: this cache keeps a token with its request's start, so another instance
   * sharing the store judges by it too; an entry stored by an earlier version, without it, is
   * judged by `expiresAt - expiresIn × 1000`: its request's start, its receive time, or, capped by
   * an act assertion, nearly a lifetime earlier) is refused whatever its `iat`; a JWT
   * access token is also refused by its `iat` (decoded, not verified), so one the IdP minted
   * before the cut-off but that arrived after it is caught; a joined request's answer is refused
   * too when the request started at or before the cut-off (the IdP may have minted an opaque
   * token then). The answer of a request this caller started (itself, or anew after a joined
   * answer was refused) is judged by that request's start and its JWT's `iat` and refused with a
   * `TokenRequestError`, not asked for again: an IdP that reuses its tokens would answer the same one.
   */
  notIssuedAtOrBeforeMs?: number | undefined;
  /**
   * How far, in seconds, the IdP's clock, or the clock of the agent instance that requested a
   * stored token (its `issuedAt`, from a shared store), may run ahead of the one that recorded
   * `notIssuedAtOrBeforeMs`; default 0. A JWT whose `iat`, or a stored token whose `issuedAt`, is
   * within it after the cut-off is not served either, as core's `issuedBeforeCutoff` rules: it is
   * asked for anew, not refused, so a delegation that begins right after the cut-off gets tokens
   * (each asked of the IdP until then), cached once issued more than the tolerance after it. At
   * most 300: a larger value (milliseconds by mistake) is a `TypeError`.
   */
  clockToleranceSeconds?: number | undefined;
  /**
   * How many seconds before minting a token the IdP dates its `iat` (`IamAdapter.iatBackdateSeconds`:
   * Entra ID 300); default 0. A JWT's `iat` is judged against `notIssuedAtOrBeforeMs` as issued
   * this much later, as core's `cutoffIssuedAtSeconds` and the API guard judge it: else a token
   * Entra minted right after the cut-off is asked of the IdP on each call for 5 minutes. A stored
   * token is still refused when its request started at or before the cut-off.
   */
  iatBackdateSeconds?: number | undefined;
}

/** What {@link SingleFlightTokenCache.stats} counts since the cache was made. */
export interface SingleFlightTokenCacheStats {
  /**
   * Calls served a stored token, a token another instance stored while this one waited for the
   * store's lock included.
   */
  hits: number;
  /** Calls that started an IdP request (a forced refresh included). */
  misses: number;
  /** Calls that joined an IdP request already under way for the same key. */
  coalesced: number;
}

/** Gets a token from the IdP; `signal` aborts once every caller waiting for it has given up. */
export type TokenFetcher = (signal: AbortSignal) => Promise<DualSubjectToken>;

// The refresh margin of a token is at most a quarter of its lifetime: `expiresIn` s × 1000 / 4.
const LIFETIME_SHARE_MS = 250; // 1000 / 4

/** Which stored tokens a request does not take (see {@link GetOrRequestOptions}). */
type StoredTokenSkip = Pick<GetOrRequestOptions, 'forceRefresh' | 'recheckAfterLock'> & TokenCutoff;

interface Flight {
  id: string;
  sub: string;
  promise: Promise<DualSubjectToken>;
  controller: AbortController;
  waiters: number;
  /** When the request started, in ms since the epoch: the IdP minted its token no earlier. */
  startedAtMs: number;
  /** Set by `invalidate` (logout) while the request was out: its token must not be stored. */
  discarded: boolean;
  /**
   * Set once a store operation of this request failed with `StoreUnavailableError` (a Redis that
   * does not answer): the rest (lock, lookup, set) is skipped, so one outage costs the caller one
   * store timeout, not three.
   */
  storeFailed: boolean;
  /** Set when `recheckAfterLock` of the caller that started it refused: the refusal is its own. */
  refusedAfterLock: boolean;
}

/**
 * The token cache of the request classes: fresh tokens from a {@link TokenCache}, and one IdP
 * request for any number of concurrent identical requests (single-flight). A token is served until
 * `refreshMarginSeconds` (at most a quarter of its lifetime) before it expires, its `expires_in`
 * counted from when its request started, not from when the answer came (the conservative reading
 * of RFC 6749 §5.1): the token this cache hands out and stores has that `expiresAt`. A failed request
 * is not cached: every waiter gets its error and the next call asks again. One caller's abort
 * never cancels the others' request. {@link stats} counts hits, misses and joined requests; the
 * default store's `stats()` counts evictions (size it to the active agent × human × scopes).
 *
 * @example
 * const cache = new SingleFlightTokenCache({ refreshMarginSeconds: 60 });
 * const inSession = new InSessionTokenRequest({ adapter, cache });
 * const outOfSession = new OutOfSessionTokenRequest({ adapter, publicKey, cache });
 * await cache.invalidate(act.sub); // on logout
 */
export class SingleFlightTokenCache {
  readonly #store: TokenCache;
  readonly #marginMs: number;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #logSwitch = new LogSwitchMemo();
  readonly #flights = new Map<string, Flight>();
  #hits = 0;
  #misses = 0;
  #coalesced = 0;

  /** @throws TypeError on a wrong option, or one that is not an option (naming the option meant). */
  constructor(options: SingleFlightTokenCacheOptions = {}) {
    checkValue(options, 'options', 'object');
    refuseUnknownOptions(options, KNOWN, 'new SingleFlightTokenCache');
    const store = checkOption(options, 'store', 'tokenCache');
    this.#clock = checkOption(options, 'clock', 'clock') ?? systemClock;
    this.#logger = loggerOrDefault(checkOption(options, 'logger', 'logger'));
    const margin = checkOption(options, 'refreshMarginSeconds', 'number') ?? 30;
    this.#marginMs = margin * 1000;
    this.#store = store ?? new InMemoryTokenCache({ clock: this.#clock, logger: this.#logger });
  }

  /** Counts since the cache was made; see {@link SingleFlightTokenCacheStats}. */
  stats(): SingleFlightTokenCacheStats {
    return { hits: this.#hits, misses: this.#misses, coalesced: this.#coalesced };
  }

  /**
   * A fresh token for `key`: from the store, from a request already under way, or from `fetcher`.
   * With `forceRefresh` the stored token is skipped (it was refused): a request already under way
   * is joined, since it started after that token was stored, else a new one starts; its token
   * replaces the stored one. Its lines and span name an email-shaped `key.sub` by its `sha256:`
   * digest (core's `humanIdForLogging`): off Node, where only Web Crypto's asynchronous digest
   * exists, it is computed first (`prepareHumanIdForLogging`) unless a step already did on this
   * key object, as the session's token requests do, or nothing would write them.
   *
   * @throws whatever `fetcher` throws; `signal`'s reason when it aborts first; TokenRequestError
   * (status 200) when the answer of a request this caller started may have been issued at or
   * before `notIssuedAtOrBeforeMs` (see there); TypeError (before
   * anything is looked up) when `notIssuedAtOrBeforeMs` or `clockToleranceSeconds` is not a finite
   * number ≥ 0, or `iatBackdateSeconds` not one from 0 to 600.
   */
  getOrRequest(
    key: ActTokenCacheKey,
    fetcher: TokenFetcher,
    options: GetOrRequestOptions = {},
  ): Promise<DualSubjectToken> {
    if (
      options.notIssuedAtOrBeforeMs !== undefined ||
      options.clockToleranceSeconds !== undefined ||
      options.iatBackdateSeconds !== undefined
    ) {
      try {
        checkTokenCutoff(options);
      } catch (error) {
        return Promise.reject(error);
      }
    }
    const hit = this.#warmHit(key, options);
    if (hit !== undefined) return hit;
    // Off Node, the digest an email-shaped human is named by in this lookup's lines and span, when
    // no async step prepared it on this key (the session's token requests do); else none to wait for.
    const lookup = () =>
      withSpan(
        'dual_auth.token_cache.lookup',
        { attributes: () => lookupAttributes(key) },
        (span) => this.#getOrRequest(key, fetcher, options, span),
      );
    const preparing = prepareHumanIdForLogging(key);
    return preparing === undefined ? lookup() : preparing.then(lookup);
  }

  /**
   * A warm hit answered synchronously from a store with `peek` when no request is under way: no
   * async frames before the token is known, and its span (which has no child spans) starts only
   * then. Anything else (no `peek`, a refresh, an abort, a miss, a failing store) is `undefined`:
   * {@link #getOrRequest} decides it, logging a store error.
   */
  #warmHit(
    key: ActTokenCacheKey,
    options: GetOrRequestOptions,
  ): Promise<DualSubjectToken> | undefined {
    if (options.forceRefresh === true || options.signal?.aborted === true) return undefined;
    if (this.#store.peek === undefined || this.#flights.size > 0) return undefined;
    let cached: DualSubjectToken | undefined;
    try {
      cached = this.#store.peek(key);
    } catch {
      return undefined;
    }
    const nowMs = this.#clock.now();
    if (cached === undefined || !this.#isFresh(cached, options, nowMs)) {
      return undefined;
    }
    const token = cached;
    const logger = this.#logSwitch.activeLogger(this.#logger, nowMs);
    // Off Node, a key no async step prepared has no digest for this hit's line and span to name an
    // email-shaped human by: the traced lookup prepares it first. Asked only when one of them is
    // written, so an unrecorded warm hit does no more work.
    if ((logger !== undefined || !telemetryIdle()) && prepareHumanIdForLogging(key) !== undefined) {
      return undefined;
    }
    this.#hit(key, logger);
    return withLeafSpan(
      'dual_auth.token_cache.lookup',
      { attributes: () => lookupAttributes(key) },
      (span) => {
        lookedUp(span, 'hit');
        return token;
      },
    );
  }

  #hit(
    key: ActTokenCacheKey,
    logger = this.#logSwitch.activeLogger(this.#logger, this.#clock.now()),
  ): void {
    this.#hits += 1;
    // Hits are the hot path: no log fields are built for a logger that drops them, and the
    // environment switch, whose read on Node is a third of a hit's CPU, is read once a second
    // (or 1000 hits) by this cache's own memo.
    logger?.debug('token_cache_hit', {
      agent_id: key.agentId,
      human_id: humanIdForLogging(key),
    });
  }

  async #getOrRequest(
    key: ActTokenCacheKey,
    fetcher: TokenFetcher,
    options: GetOrRequestOptions,
    span: TelemetrySpan,
  ): Promise<DualSubjectToken> {
    const { signal, forceRefresh, checkAnswer } = options;
    signal?.throwIfAborted();
    // A warm lookup is the store's alone; the key is serialized only when a request may be under way.
    let id = this.#flights.size === 0 ? undefined : serializeTokenCacheKey(key);
    let storeFailed = false;
    if (forceRefresh) {
      this.#logger.debug('token_cache_refresh', {
        agent_id: key.agentId,
        human_id: humanIdForLogging(key),
      });
    } else if (id === undefined || !this.#flights.has(id)) {
      let cached: DualSubjectToken | undefined;
      try {
        cached =
          this.#store.peek === undefined ? await this.#store.get(key) : this.#store.peek(key);
      } catch (error) {
        // The cache is an optimisation: a store that fails must not fail the request.
        this.#logger.warn('token_cache_error', {
          operation: 'get',
          error_type: errorClassOf(error),
        });
        storeFailed = StoreUnavailableError.isInstance(error);
      }
      if (cached !== undefined && this.#isFresh(cached, options)) {
        this.#hit(key);
        lookedUp(span, 'hit');
        return cached;
      }
    }
    signal?.throwIfAborted();
    id ??= serializeTokenCacheKey(key);
    const flight = this.#flights.get(id);
    if (flight === undefined) {
      lookedUp(span, forceRefresh ? 'refresh' : 'miss');
      const started = this.#start(id, key, fetcher, options, storeFailed);
      const token = await this.#wait(started, signal, checkAnswer);
      return notBeforeCutoff(token, options, started.startedAtMs);
    }
    this.#coalesced += 1;
    lookedUp(span, 'coalesced');
    let token: DualSubjectToken | undefined;
    try {
      token = await this.#wait(flight, signal, checkAnswer);
    } catch (error) {
      // Refused for the delegation of the caller that started it (ended while it waited for the
      // store's lock): this caller's may have begun after the cut-off, and is checked on its own.
      if (!flight.refusedAfterLock) throw error;
    }
    if (token !== undefined && !issuedAtOrBefore(token, options, flight.startedAtMs)) return token;
    // The request joined began, or its token was minted, at or before this caller's cut-off (for a
    // delegation the cut-off ended): its token is not this caller's. A request started from now on
    // may be; its answer is judged too, and refused rather than asked for again.
    const next = this.#flights.get(id) ?? this.#start(id, key, fetcher, options, false);
    return notBeforeCutoff(await this.#wait(next, signal, checkAnswer), options, next.startedAtMs);
  }

  /**
   * Forgets every token of one human, and the requests under way for them: their tokens are not
   * stored, and a lookup from now on does not join them but starts a request of its own. Call it
   * on logout. Resolves how many stored tokens went; from then on no lookup settles with one of
   * them (a warm hit from a store with `peek` settled before its call returned), nor with the
   * answer of a request under way when it was called, but for the callers that were already
   * waiting for it: they began before the logout and get its answer, as they would have had it a
   * moment earlier (a caller that reads the human's cut-off refuses it by its `checkAnswer`, as
   * `OutOfSessionTokenRequest` does).
   */
  async invalidate(sub: string): Promise<number> {
    if (typeof sub !== 'string') throw new TypeError('invalidate: sub must be a string');
    for (const [id, flight] of this.#flights) {
      if (flight.sub !== sub) continue;
      flight.discarded = true;
      this.#flights.delete(id);
    }
    const removed = await this.#store.invalidate(sub);
    // Off Node, the digest an email-shaped sub is logged as, made with Web Crypto.
    const human = { sub };
    const preparing = prepareHumanIdForLogging(human);
    if (preparing !== undefined) await preparing;
    this.#logger.info('token_cache_invalidated', { human_id: humanIdForLogging(human), removed });
    return removed;
  }

  /**
   * The tokens stored for one human by one adapter (`IamAdapter.id`, whatever DPoP key each
   * instance bound its tokens to: core's `adapterIdWithoutKey`), expired or not. `options` go to
   * the store, which tells `options.unreadable` how many entries it could not open when it can.
   *
   * @throws TypeError when the store cannot list them (a `TokenCache` without `tokensOf`): an
   *   empty list would read as "the human has none", and `endDelegation` would revoke nothing.
   */
  async tokensOf(
    sub: string,
    adapterId: string,
    options?: TokensOfOptions,
  ): Promise<readonly DualSubjectToken[]> {
    if (typeof this.#store.tokensOf !== 'function') throw new TypeError(UNLISTABLE_STORE);
    return this.#store.tokensOf(sub, adapterId, options);
  }

  #isFresh(token: DualSubjectToken, cutoff: TokenCutoff = {}, nowMs = this.#clock.now()): boolean {
    // An expiry that is not a finite time (a token not made by `createDualSubjectToken`) is never
    // kept nor served from the store: it would be fresh for ever.
    if (!Number.isFinite(token.expiresAt) || issuedAtOrBefore(token, cutoff)) return false;
    const marginMs = Math.min(this.#marginMs, token.expiresIn * LIFETIME_SHARE_MS);
    return token.expiresAt - marginMs > nowMs;
  }

  #start(
    id: string,
    key: ActTokenCacheKey,
    fetcher: TokenFetcher,
    skip: StoredTokenSkip,
    storeFailed: boolean,
  ): Flight {
    const state = {
      sub: key.sub,
      controller: new AbortController(),
      waiters: 0,
      startedAtMs: this.#clock.now(),
      discarded: false,
      storeFailed,
      refusedAfterLock: false,
    };
    // Started a microtask later, so the flight is registered before a synchronous throw settles it.
    const promise = Promise.resolve().then(async () => {
      try {
        return await this.#request(key, fetcher, state, skip);
      } finally {
        if (this.#flights.get(id) === state) this.#flights.delete(id);
      }
    });
    const flight: Flight = Object.assign(state, { id, promise });
    this.#flights.set(id, flight);
    this.#logger.debug('token_cache_miss', {
      agent_id: key.agentId,
      human_id: humanIdForLogging(key),
    });
    return flight;
  }

  /**
   * The flight's token. With a store shared by several instances (one with `lock`), one IdP
   * request among all of them: under the lock, the store is read again, since the instance that
   * held it before may have stored the token meanwhile; the token is stored before the lock goes.
   * After the wait for the lock, the starter's `recheckAfterLock` runs first.
   */
  async #request(
    key: ActTokenCacheKey,
    fetcher: TokenFetcher,
    state: Pick<
      Flight,
      'controller' | 'discarded' | 'storeFailed' | 'startedAtMs' | 'refusedAfterLock'
    >,
    skip: StoredTokenSkip,
  ): Promise<DualSubjectToken> {
    const waited = !state.storeFailed && this.#store.lock !== undefined;
    const lock = waited ? await this.#lock(key, state) : undefined;
    try {
      const cutoff = waited ? await this.#recheck(skip, state) : skip;
      if (lock !== undefined && !skip.forceRefresh) {
        const stored = await this.#lookup(key);
        if (stored !== undefined && this.#isFresh(stored, cutoff)) {
          // Another instance requested it while this one waited for the lock.
          this.#hits += 1;
          return stored;
        }
      }
      this.#misses += 1;
      // Kept and handed out counted from the request's start: another instance sharing the store
      // then judges its cut-off by the earliest time the IdP can have minted the token.
      const token = countedFromRequestStart(
        await fetcher(state.controller.signal),
        state.startedAtMs,
      );
      if (!state.discarded && !state.storeFailed && this.#isFresh(token)) {
        await this.#keep(key, token);
      }
      return token;
    } finally {
      await lock?.release().catch((error: unknown) => {
        this.#logger.warn('token_cache_error', {
          operation: 'release',
          error_type: errorClassOf(error),
        });
      });
    }
  }

  // The cut-off the starter read before the wait may be out of date by now: a delegation ended
  // while another instance held the lock gives no IdP request, and a cut-off written meanwhile
  // judges the token that instance stored.
  async #recheck(
    skip: StoredTokenSkip,
    state: Pick<Flight, 'refusedAfterLock'>,
  ): Promise<StoredTokenSkip> {
    if (skip.recheckAfterLock === undefined) return skip;
    let read: unknown;
    try {
      read = await skip.recheckAfterLock();
    } catch (error) {
      state.refusedAfterLock = true;
      throw error;
    }
    if (typeof read !== 'number' || !Number.isFinite(read)) return skip;
    const before = skip.notIssuedAtOrBeforeMs;
    return before !== undefined && before >= read ? skip : { ...skip, notIssuedAtOrBeforeMs: read };
  }

  // A lock that cannot be had (store down, held too long) costs an IdP request, never the call.
  async #lock(
    key: ActTokenCacheKey,
    state: Pick<Flight, 'controller' | 'storeFailed'>,
  ): Promise<TokenCacheLock | undefined> {
    if (this.#store.lock === undefined) return undefined;
    const { signal } = state.controller;
    try {
      return await this.#store.lock(key, { signal });
    } catch (error) {
      signal.throwIfAborted();
      this.#logger.warn('token_cache_error', {
        operation: 'lock',
        error_type: errorClassOf(error),
      });
      state.storeFailed = StoreUnavailableError.isInstance(error);
      return undefined;
    }
  }

  // The cache is an optimisation: a store that fails must not fail the request.
  async #lookup(key: ActTokenCacheKey): Promise<DualSubjectToken | undefined> {
    try {
      return await this.#store.get(key);
    } catch (error) {
      this.#logger.warn('token_cache_error', { operation: 'get', error_type: errorClassOf(error) });
      return undefined;
    }
  }

  async #keep(key: ActTokenCacheKey, token: DualSubjectToken): Promise<void> {
    try {
      await this.#store.set(key, token);
    } catch (error) {
      this.#logger.warn('token_cache_error', { operation: 'set', error_type: errorClassOf(error) });
    }
  }

  // The answer check is each caller's own: one whose delegation ended is refused the token a
  // caller still delegated (who may have started the request) gets.
  #wait(
    flight: Flight,
    signal: AbortSignal | undefined,
    checkAnswer: (() => Promise<unknown>) | undefined,
  ): Promise<DualSubjectToken> {
    flight.waiters += 1;
    const answer =
      checkAnswer === undefined
        ? flight.promise
        : flight.promise.then(async (token) => {
            await checkAnswer();
            return token;
          });
    if (signal === undefined) return answer;
    return raceAbort(answer, signal, () => {
      flight.waiters -= 1;
      if (flight.waiters === 0) {
        // Nobody waits any more: cancel the request, and let the next caller start afresh.
        if (this.#flights.get(flight.id) === flight) this.#flights.delete(flight.id);
        flight.controller.abort(signal.reason);
      }
    });
  }
}
