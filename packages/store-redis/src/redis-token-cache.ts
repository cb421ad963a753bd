import {
  adapterIdWithoutKey,
  checkOption,
  type DualSubjectToken,
  errorClassOf,
  type KnownOptions,
  type Logger,
  loggerOrDefault,
  noopLogger,
  type RandomBytes,
  refuseUnknownOptions,
  StoreUnavailableError,
  type TokenCache,
  type TokenCacheKey,
  type TokenCacheLock,
  type TokenCacheLockOptions,
  type TokensOfOptions,
  webCryptoRandomBytes,
} from '@dual-auth/core';
import { backoffDelay, timerSleep } from '@dual-auth/core/adapter-kit';
import { maxClockSkewOption, skewWarnings } from './clock-skew.js';
import { DEFAULT_POLICY_CHECK_INTERVAL_MS, EvictionPolicyCheck } from './eviction-policy-check.js';
import { KeyLayoutCheck } from './key-layout-check.js';
import {
  CLAIM_CLOCK_SKEW,
  INVALIDATE_HUMAN,
  LIST_HUMAN_TOKENS,
  READ_TOKEN,
  RELEASE_LOCK,
  SET_ASIDE,
  STORE_TOKEN,
} from './lua-scripts.js';
import {
  type RedisStoreOptions,
  type ResolvedStoreOptions,
  resolveStoreOptions,
  STORE_OPTIONS,
  timerDelayOption,
} from './store-options.js';
import { type EncryptionKey, TokenCipher } from './token-cipher.js';

/** What {@link RedisTokenCache} takes. */
export interface RedisTokenCacheOptions extends RedisStoreOptions {
  /**
   * The AES-GCM keys that seal tokens at rest: the first seals, every one listed opens. To rotate,
   * put a new key first and keep the old one until the tokens it sealed have expired.
   */
  encryptionKeys: readonly EncryptionKey[];
  /**
   * A token is kept until this long before it expires, and at most until three quarters of its
   * lifetime (the session's single-flight cache serves tokens on the same rule). Default 30 s.
   */
  refreshMarginSeconds?: number | undefined;
  /**
   * How long a lock lives when its holder does not release it (it crashed): longer than one IdP
   * request takes. Default 10 000 ms; a whole number of milliseconds from 1 to 2^31-1, as
   * `lockWaitMs` (Redis's `SET … PX` takes no fraction, nor a number JavaScript writes with an
   * exponent), else a `TypeError` at creation.
   */
  lockTtlMs?: number | undefined;
  /**
   * The longest wait for a lock another instance holds; past it `lock` rejects and the caller
   * requests its own token. Default 10 000 ms; a whole number of milliseconds from 1 to 2^31-1 (a
   * timer holds no more), else a `TypeError` at creation.
   */
  lockWaitMs?: number | undefined;
  /**
   * How far, in seconds, the clocks of the instances sharing the cache may disagree. A token is
   * stored with its issue time on the clock of the instance that requested it (the start of its
   * request), and `invalidate` records its time on the invalidating instance's clock; a token
   * issued up to this long after a human's last `invalidate` is not stored (it is still handed to
   * its caller), so a request under way at a logout on another instance, with a clock ahead,
   * cannot put its token back. Clocks further apart are bounded by Redis's `TIME`: a logout is
   * recorded no earlier than Redis's clock less this tolerance, the issue time of a token stored
   * by an instance whose clock runs ahead of Redis's is read on Redis's clock, and an instance
   * more than `maxClockSkewMs` ahead stores nothing (see the README). Default 15, the API
   * guard's default tolerance. At most 300 (RFC 7519
   * §4.1.4: "usually no more than a few minutes"): a larger value (milliseconds by mistake) is a
   * `TypeError` saying "seconds, not milliseconds?".
   */
  clockToleranceSeconds?: number | undefined;
  /**
   * The most this instance's clock (`clock`) may run ahead of Redis's (`TIME`), in ms: past it
   * `set` stores nothing (the token is still handed to its caller; the cost is IdP requests) and
   * logs `redis_clock_skew`, as this instance's issue times would then be read on Redis's clock
   * by a guess that far off. Compared inside the store's own script (no extra round trip). Default
   * 300 000 (5 minutes), as the other Redis stores' option of the same name; a whole number of ms
   * from 1 to a year, else a `TypeError` at creation.
   */
  maxClockSkewMs?: number | undefined;
  random?: RandomBytes | undefined;
  /**
   * Told (`token_cache_unreadable`) about values that do not open, e.g. under a dropped key, and
   * (`redis_clock_skew`: `store`, `skew_seconds`, `suppressed_count`, never the human or the
   * token) about tokens not stored because this instance's clock runs further than
   * `maxClockSkewMs` ahead of Redis's, at most once a minute by `clock`, and why a command failed
   * (`redis_store_failed`, at most one line of a kind every 10 s).
   */
  logger?: Logger | undefined;
}

const INSPECT = Symbol.for('nodejs.util.inspect.custom');
const OWNER = 'RedisTokenCache';
const KNOWN = {
  ...STORE_OPTIONS,
  encryptionKeys: true,
  refreshMarginSeconds: true,
  lockTtlMs: true,
  lockWaitMs: true,
  clockToleranceSeconds: true,
  maxClockSkewMs: true,
  random: true,
  logger: true,
} as const satisfies KnownOptions<RedisTokenCacheOptions>;
const LOCK_POLL = { baseDelayMs: 10, maxDelayMs: 100 };
/**
 * How long a human's last `invalidate` is remembered, in ms: the longest default access-token
 * lifetime among the vendors (Auth0's 24 h), as `endDelegation`'s `keepMs`. A request under way at
 * the logout whose token is stored later than that has a token that outlived it.
 */
const INVALIDATION_KEEP_MS = 86_400_000;
/** An issue time before any `invalidate`: a token's that cannot be read. */
const MIN_MS = Number.MIN_SAFE_INTEGER;
// The most bytes of a sealed token read from Redis: 8 times what a token answer may be by default
// (`maxResponseBytes`, 1 MiB). A longer value, which no store of ours wrote, is read that far only
// (and does not open): another program's value of any size never crosses the network whole.
const MOST_BYTES = String(8 * 1_048_576);

/** Most entries of one human that {@link RedisTokenCache.tokensOf} reads in one round trip. */
const PAGE_SIZE = 1000;

/**
 * A {@link TokenCache} shared by every instance that uses the same Redis, with the optional
 * `lock`: N instances asking at once for the token of one (agent, human, audience, scopes, act)
 * make one IdP request, and the others read its result. Tokens are bearer credentials, so they
 * are sealed with AES-GCM under a key you provide (see {@link EncryptionKey}); a value in Redis
 * is not readable without it, nor valid under another key name. An entry lives until the token's
 * expiry minus `refreshMarginSeconds`; keys hold IAM ids only (hashed with `hashIds`).
 *
 * Every operation is bounded by `timeoutMs` and rejects with core's `StoreUnavailableError` when
 * Redis is unreachable or slow: the session's `SingleFlightTokenCache` then logs it and asks the
 * IdP directly, so a Redis outage costs IdP requests, never a failed or hung call.
 *
 * While the keys under its prefix are laid out with another `hashIds` (see `hashIds`) every
 * operation rejects with core's `ConfigurationError`, and the `SingleFlightTokenCache` takes a
 * refused `get`, `lock` or `set` as a miss (`token_cache_error`, IdP requests): safe, as this
 * cache then neither serves an entry another process's `invalidate` could not reach nor files one
 * there. `invalidate` and `tokensOf` reject, never "nothing there": `endDelegation` fails.
 *
 * @example
 * ```ts
 * import { SingleFlightTokenCache } from '@dual-auth/session';
 * import { createRedisClient, RedisTokenCache } from '@dual-auth/store-redis';
 *
 * const client = createRedisClient({ url: 'redis://redis.internal:6379' });
 * const store = new RedisTokenCache({
 *   client,
 *   encryptionKeys: [{ id: '2025-06', key: process.env.TOKEN_CACHE_KEY ?? '' }],
 * });
 * const cache = new SingleFlightTokenCache({ store });
 * ```
 */
export class RedisTokenCache implements TokenCache {
  readonly #store: ResolvedStoreOptions;
  readonly #cipher: TokenCipher;
  readonly #marginMs: number;
  readonly #lockTtlMs: number;
  readonly #lockWaitMs: number;
  readonly #toleranceMs: number;
  readonly #maxSkewMs: number;
  readonly #random: RandomBytes;
  readonly #logger: Logger;
  readonly #warnSkew: (aheadMs: number, nowMs: number) => void;
  readonly #evictionPolicy: EvictionPolicyCheck;
  readonly #layout: KeyLayoutCheck;

  /** @throws TypeError on a wrong or unknown option (a misspelled `prefix` would share a namespace). */
  constructor(options: RedisTokenCacheOptions) {
    refuseUnknownOptions(options, KNOWN, `new ${OWNER}`);
    this.#store = resolveStoreOptions(options, OWNER);
    const random = checkOption<RandomBytes>(options, 'random', 'function') ?? webCryptoRandomBytes;
    const logger = loggerOrDefault(checkOption(options, 'logger', 'logger'));
    this.#cipher = new TokenCipher(options.encryptionKeys, random, OWNER);
    const margin = checkOption(options, 'refreshMarginSeconds', 'number') ?? 30;
    this.#marginMs = margin * 1000;
    // Past 2^31-1, Redis refuses a large `PX` ("value is not an integer or out of range", 1e21
    // written "1e+21"), and no lock needs to outlive the longest wait for it.
    this.#lockTtlMs = timerDelayOption(options, 'lockTtlMs') ?? 10_000;
    this.#lockWaitMs = timerDelayOption(options, 'lockWaitMs') ?? 10_000;
    this.#toleranceMs =
      (checkOption(options, 'clockToleranceSeconds', 'toleranceSeconds') ?? 15) * 1000;
    this.#maxSkewMs = maxClockSkewOption(options, OWNER);
    this.#random = random;
    this.#logger = logger;
    this.#warnSkew = skewWarnings(logger, OWNER);
    // Asked only to know whether the record of a human's last invalidate may be gone (see `set`):
    // an evicting Redis is the cache's usual home, nothing to refuse or warn about.
    this.#evictionPolicy = new EvictionPolicyCheck(this.#store.commands, this.#store.clock, OWNER, {
      client: options.client,
      acceptEvictionRisk: true,
      logger: noopLogger,
    });
    this.#layout = new KeyLayoutCheck(
      this.#store,
      OWNER,
      options.client,
      DEFAULT_POLICY_CHECK_INTERVAL_MS,
      logger,
    );
    // Not an `[INSPECT]()` member: esbuild keeps a class with a computed member in every bundle
    // of the published dist, used or not (evanw/esbuild#3189).
    Object.defineProperty(this, INSPECT, {
      value: () => {
        const ids = this.#cipher.keyIds.map((id) => `'${id}'`).join(', ');
        return `RedisTokenCache { prefix: '${this.#store.prefix}', timeoutMs: ${this.#store.timeoutMs}, keyIds: [${ids}] }`;
      },
    });
  }

  /**
   * The token filed under `key`, when Redis has one that opens and has not expired. On a Redis
   * that may evict (see {@link set}), only when the human's invalidate record is there and the
   * token was requested after it: the index `invalidate` reads may have been evicted while the
   * entry stayed. Same one round trip; a record found is kept 24 h from now again, as by `set`.
   *
   * @throws StoreUnavailableError when Redis does not answer; ConfigurationError under a key
   *   layout of another `hashIds`.
   */
  get(key: TokenCacheKey): Promise<DualSubjectToken | undefined> {
    // One timeoutMs for the checks (when due) and the command together.
    return this.#store.commands.within(() => this.#get(key));
  }

  async #get(key: TokenCacheKey): Promise<DualSubjectToken | undefined> {
    const { entry, invalidated } = this.#store.keys.token(key);
    const [, mayEvict] = await Promise.all([
      this.#layout.ensure('get'),
      this.#evictionPolicy.mayEvict('get'),
    ]);
    if (!mayEvict) {
      const value = await this.#store.commands.getBounded('get', entry, Number(MOST_BYTES));
      return value === undefined ? undefined : (await this.#open(value, entry))?.token;
    }
    const read = await this.#store.commands.run(
      'get',
      READ_TOKEN,
      [entry, invalidated],
      [String(INVALIDATION_KEEP_MS), MOST_BYTES],
    );
    const [value, record] = Array.isArray(read) ? read : [];
    if (typeof value !== 'string' || typeof record !== 'string') return undefined;
    const token = (await this.#open(value, entry))?.token;
    // The index may have been evicted, so `invalidate` may have missed this entry.
    return token !== undefined && this.#requestedAfter(token) > Number(record) ? token : undefined;
  }

  /**
   * Seals `token` and keeps it until its expiry minus the margin; a token already that close to
   * expiry is not kept, nor one issued (`issuedAt`, else `expiresAt - expiresIn × 1000`) at or
   * before the human's last {@link invalidate} on any instance, or within `clockToleranceSeconds`
   * after it: its request was under way at the logout. That check and the write are one script.
   * Nothing is kept while this instance's clock runs more than `maxClockSkewMs` ahead of Redis's
   * `TIME` (`redis_clock_skew`, at most once a minute by `clock`, `suppressed_count` the tokens
   * refused since the last one: nothing being stored, each call for any human is refused again).
   *
   * On a Redis that may evict (its `maxmemory-policy` is not `noeviction`, or `CONFIG GET` is
   * refused; read at the first `get` or `set`, then as the security stores read it) the record
   * of that invalidate may have been evicted, so when there is none the token is not kept and the
   * record is written with this instance's time (no earlier than Redis's `TIME`), as by an
   * `invalidate` now (~150 bytes, kept 24 h): only tokens requested more than `clockToleranceSeconds` later are kept. The cost is
   * IdP requests, never a refused call. A record found is kept 24 h from now again, so it expires
   * (and those misses repeat) only for a human not seen for a day.
   *
   * @throws StoreUnavailableError when Redis does not answer; ConfigurationError under a key
   *   layout of another `hashIds`.
   */
  set(key: TokenCacheKey, token: DualSubjectToken): Promise<void> {
    // One timeoutMs for the checks (when due) and the command together.
    return this.#store.commands.within(() => this.#set(key, token));
  }

  async #set(key: TokenCacheKey, token: DualSubjectToken): Promise<void> {
    const marginMs = Math.min(this.#marginMs, token.expiresIn * 250);
    const ttlMs = Math.floor(token.expiresAt - marginMs - this.#store.clock.now());
    if (ttlMs < 1) return;
    const { entry, index, invalidated } = this.#store.keys.token(key);
    const [, mayEvict] = await Promise.all([
      this.#layout.ensure('set'),
      this.#evictionPolicy.mayEvict('set'),
    ]);
    const sealed = await this.#cipher.seal(token, entry, key.adapterId);
    const nowMs = String(Math.ceil(this.#store.clock.now()));
    const stored = await this.#store.commands.run(
      'set',
      STORE_TOKEN,
      [entry, index, invalidated],
      [
        sealed,
        String(ttlMs),
        String(this.#requestedAfter(token)),
        mayEvict ? nowMs : '',
        String(INVALIDATION_KEEP_MS),
        // A clock further ahead of Redis's stores nothing (see STORE_TOKEN).
        nowMs,
        String(this.#maxSkewMs),
      ],
    );
    // Each token refused so costs an IdP request: the operator hears why, once a minute.
    if (Array.isArray(stored) && stored[0] === CLAIM_CLOCK_SKEW) {
      this.#warnSkew(Number(stored[1]), Number(nowMs));
    }
  }

  /**
   * Forgets every token of one human, on every instance, and records when (this instance's
   * clock, kept 24 h), so that a token whose request was under way then is not stored afterwards
   * by any instance (see {@link set}). Resolves how many tokens there were. A token sealed under a
   * key id not in `encryptionKeys` (the agents' key, seen by a web app's cache under its own) is
   * set aside, not deleted: never served again, kept until it expires, and still listed by
   * {@link tokensOf} of a cache that holds its key, so `endDelegation` there can revoke it at the
   * IdP; an `invalidate` by such a cache drops it.
   *
   * @throws StoreUnavailableError when Redis does not answer; ConfigurationError under a key
   *   layout of another `hashIds`.
   */
  async invalidate(sub: string): Promise<number> {
    if (typeof sub !== 'string') throw new TypeError('invalidate: sub must be a string');
    return this.#store.commands.within(() => this.#invalidate(sub));
  }

  async #invalidate(sub: string): Promise<number> {
    await this.#layout.ensure('invalidate');
    const { keys } = this.#store;
    const nowMs = String(Math.ceil(this.#store.clock.now()));
    const removed = await this.#store.commands.run(
      'invalidate',
      INVALIDATE_HUMAN,
      [keys.index(sub), keys.invalidated(sub), keys.setAside(sub)],
      [
        nowMs,
        String(INVALIDATION_KEEP_MS),
        String(this.#toleranceMs),
        keys.tokenPrefix(sub),
        ...this.#cipher.keyIds,
      ],
    );
    return typeof removed === 'number' ? removed : 0;
  }

  /**
   * The unexpired tokens one adapter (`TokenCacheKey.adapterId`) stored for one human, for
   * `endDelegation` to revoke them at the IdP; read from every instance's entries, whatever DPoP
   * key each instance bound its tokens to (ids compared by core's `adapterIdWithoutKey`), never
   * another human's, and from the ones an `invalidate` set aside (sealed under a key it lacked).
   * Reads every live entry of the human, 1000 a round trip, within one `timeoutMs`, and opens each
   * page before it reads the next: the sealed values it holds at once are one page's (at most 1000
   * of at most 8 MiB each), however many entries the human has. Entries sealed
   * by earlier versions with this method hold the full adapter id, so they are found too; entries
   * stored by versions before this method are left out. Entries that do not open (sealed under a
   * key not in `encryptionKeys`, altered, another program's value) are left out, each logged
   * (`token_cache_unreadable`), and counted to `options.unreadable` (see core's
   * `TokensOfOptions`), whatever adapter they are for: `endDelegation` reports them as
   * `unreadableTokens`.
   *
   * @throws TypeError when `options.unreadable` is given and not a function; StoreUnavailableError
   *   when Redis does not answer; ConfigurationError under a key layout of another `hashIds`.
   */
  async tokensOf(
    sub: string,
    adapterId: string,
    options: TokensOfOptions = {},
  ): Promise<readonly DualSubjectToken[]> {
    if (typeof sub !== 'string') throw new TypeError('tokensOf: sub must be a string');
    if (typeof adapterId !== 'string') throw new TypeError('tokensOf: adapterId must be a string');
    const unreadable = checkOption<(count: number) => void>(options, 'unreadable', 'function');
    const listing = await this.#store.commands.within(() => this.#tokensOf(sub, adapterId));
    unreadable?.(listing.unreadable);
    return listing.tokens;
  }

  async #tokensOf(sub: string, adapterId: string) {
    await this.#layout.ensure('get');
    // Every entry of the human starts so; anything else in an index was not put there by us.
    const own = this.#store.keys.tokenPrefix(sub);
    const client = adapterIdWithoutKey(adapterId);
    // By entry: one read twice (stored again, so filed later, while the listing ran) counts once.
    const tokens = new Map<string, DualSubjectToken>();
    const unreadable = new Set<string>();
    for (const index of [this.#store.keys.index(sub), this.#store.keys.setAside(sub)]) {
      for await (const page of this.#pagesOf(index, own)) {
        const mine = page.filter(([entry]) => entry.startsWith(own));
        // A page opened side by side (Web Crypto works off the event loop), and let go before the
        // next is read: the sealed values held at once are one page's, however many the human has.
        const opened = await Promise.all(
          mine.map(([entry, value]) => {
            // A set-aside entry was sealed for the key it had in service.
            const aside = entry.indexOf(SET_ASIDE, own.length);
            return this.#unseal(value, aside === -1 ? entry : entry.slice(0, aside));
          }),
        );
        opened.forEach((token, i) => {
          const entry = (mine[i] as [string, string])[0];
          tokens.delete(entry);
          unreadable.delete(entry);
          if (token === undefined) unreadable.add(entry);
          else if (
            this.#live(token) &&
            token.adapterId !== undefined &&
            adapterIdWithoutKey(token.adapterId) === client
          ) {
            tokens.set(entry, token.token);
          }
        });
      }
    }
    return { tokens: [...tokens.values()], unreadable: unreadable.size };
  }

  // The live members of `index` whose name starts with `own`, with their sealed values, a page (a
  // round trip) at a time; each page starts where the last ended (its last score, past the members
  // read at it), so entries stored or expired meanwhile shift none out.
  async *#pagesOf(index: string, own: string): AsyncGenerator<[entry: string, value: string][]> {
    let [from, skip] = ['', '0'];
    for (;;) {
      const page = await this.#store.commands.run(
        'get',
        LIST_HUMAN_TOKENS,
        [index],
        [String(PAGE_SIZE), MOST_BYTES, from, skip, own],
      );
      if (!Array.isArray(page)) return;
      const [read, last, ties] = page;
      const values: [string, string][] = [];
      for (let i = 3; i + 1 < page.length; i += 2) {
        const [entry, value] = [page[i], page[i + 1]];
        if (typeof entry === 'string' && typeof value === 'string') values.push([entry, value]);
      }
      yield values;
      if (Number(read) < PAGE_SIZE) return;
      [from, skip] = [String(last), String(ties)];
    }
  }

  /**
   * Takes the lock of `key` (`SET NX PX lockTtlMs` with a random holder value), polling while
   * another instance holds it. See core's `TokenCache.lock`. A `SET NX` that timed out (or whose
   * connection dropped) is followed by a release of its holder on the same connection, so that
   * when Redis runs it late (a frozen Redis going on) no lock nobody holds is left for `lockTtlMs`.
   *
   * @throws ConfigurationError under a key layout of another `hashIds`; StoreUnavailableError
   *   when Redis does not answer, or the lock is not had within
   *   `lockWaitMs`; the signal's reason when it aborts first.
   */
  async lock(key: TokenCacheKey, options: TokenCacheLockOptions = {}): Promise<TokenCacheLock> {
    const { signal } = options;
    await this.#layout.ensure('lock');
    const { lock } = this.#store.keys.token(key);
    const holder = Buffer.from(this.#random(16)).toString('base64url');
    const waited = AbortSignal.timeout(this.#lockWaitMs);
    const wait = signal === undefined ? waited : AbortSignal.any([signal, waited]);
    for (let attempt = 1; ; attempt += 1) {
      signal?.throwIfAborted();
      if (await this.#take(lock, holder)) {
        return { release: () => this.#release(lock, holder) };
      }
      try {
        await timerSleep(backoffDelay(LOCK_POLL, attempt, this.#random), wait);
      } catch (error) {
        signal?.throwIfAborted();
        throw new StoreUnavailableError(
          'lock',
          `another instance held the token lock longer than lockWaitMs (${this.#lockWaitMs} ms)`,
          error instanceof Error ? { cause: error } : undefined,
        );
      }
    }
  }

  // Its issue time less the clock tolerance, whole ms: a token is kept or served only when this is
  // after the human's last invalidate. An issue time that cannot be read may be before any.
  #requestedAfter(token: DualSubjectToken): number {
    const ms = Math.floor(
      (token.issuedAt ?? token.expiresAt - token.expiresIn * 1000) - this.#toleranceMs,
    );
    return Number.isFinite(ms) ? ms : MIN_MS;
  }

  // The unexpired token in `value`, read from `entry`; a value that does not open is logged.
  async #open(value: string, entry: string) {
    const opened = await this.#unseal(value, entry);
    return opened !== undefined && this.#live(opened) ? opened : undefined;
  }

  // What `value`, read from `entry`, holds, expired or not; a value that does not open is logged.
  async #unseal(value: string, entry: string) {
    const opened = await this.#cipher.open(value, entry);
    if (!('problem' in opened)) return opened;
    this.#logger.warn('token_cache_unreadable', {
      reason: opened.problem,
      ...('keyId' in opened ? { key_id: opened.keyId } : {}),
    });
    return undefined;
  }

  #live(opened: { readonly token: DualSubjectToken }): boolean {
    return opened.token.expiresAt > this.#store.clock.now();
  }

  // `SET NX` of the lock. One that failed (timed out, or the connection dropped) may still run in
  // Redis later: it was written before the deadline. Nobody would hold that lock, yet it would keep
  // every instance asking for this token waiting up to lockWaitMs, for lockTtlMs. So a release of
  // this holder follows it on the same connection, which Redis runs after it (commands of one
  // connection run in order; on a Cluster the lock's slot is one node's). Not awaited, not logged:
  // Redis is away; if it fails too the lock expires after lockTtlMs, as a crashed holder's does.
  async #take(lock: string, holder: string): Promise<boolean> {
    const { commands } = this.#store;
    try {
      return await commands.setIfAbsent('lock', lock, holder, this.#lockTtlMs);
    } catch (error) {
      if (StoreUnavailableError.isInstance(error)) {
        commands.run('lock', RELEASE_LOCK, [lock], [holder]).catch(() => undefined);
      }
      throw error;
    }
  }

  async #release(lock: string, holder: string): Promise<void> {
    try {
      await this.#store.commands.run('lock', RELEASE_LOCK, [lock], [holder]);
    } catch (error) {
      // It expires after lockTtlMs anyway; the next instance waits until then at most.
      this.#logger.warn('token_cache_lock_release_failed', {
        error_type: errorClassOf(error),
      });
    }
  }

  /** Shows the prefix, timeout and key ids, never a key or a token. */
}
