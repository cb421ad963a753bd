import {
  adapterIdWithoutKey,
  type Clock,
  checkOption,
  checkValue,
  type DualSubjectToken,
  type KnownOptions,
  type Logger,
  loggerOrDefault,
  refuseUnknownOptions,
  systemClock,
  type TokenCache,
  type TokenCacheKey,
  type TokensOfOptions,
} from '@dual-auth/core';
import { issueTimeOf } from './issued-at-or-before.js';
import { KeyTrie } from './key-trie.js';
import { tokenCacheKeyPath } from './token-cache-key.js';

/** What {@link InMemoryTokenCache} takes. */
export interface InMemoryTokenCacheOptions {
  /**
   * Most tokens kept; the least recently used goes first. Default 1000. Size it as the number of
   * (agent, human, scopes) combinations active within one token lifetime: fewer entries than
   * that evict tokens that are still fresh, and every eviction costs an IdP request later. Also
   * the most humans whose last `invalidate` is remembered (see {@link InMemoryTokenCache}).
   */
  maxEntries?: number | undefined;
  clock?: Clock | undefined;
  /** Warned once (`token_cache_evicting_fresh`) when tokens are evicted before they expire. */
  logger?: Logger | undefined;
}

const KNOWN = {
  maxEntries: true,
  clock: true,
  logger: true,
} as const satisfies KnownOptions<InMemoryTokenCacheOptions>;

/** What {@link InMemoryTokenCache.stats} counts since the cache was made. */
export interface InMemoryTokenCacheStats {
  /** Tokens kept now. */
  size: number;
  maxEntries: number;
  /** Tokens dropped to make room. */
  evictions: number;
  /** Of those, tokens that had not expired yet: a sign that `maxEntries` is too small. */
  freshEvictions: number;
  /** Humans whose last `invalidate` is remembered now: `maxEntries` at most. */
  invalidations: number;
}

/**
 * How long a human's last `invalidate` is remembered, in ms: the longest default access-token
 * lifetime among the vendors (Auth0's 24 h), as `endDelegation`'s `keepMs`.
 */
const INVALIDATION_KEEP_MS = 86_400_000;

interface Entry {
  readonly path: readonly string[];
  readonly sub: string;
  readonly adapterId: string;
  readonly token: DualSubjectToken;
}

/**
 * The default {@link TokenCache}: tokens in memory, least recently used evicted past
 * `maxEntries`, expired ones never returned by `get` (`peek` leaves that check to its caller). Keys hold the human (`act.sub`), so one human's token
 * is never another's. `invalidate` is remembered (24 h): a token issued (`issueTimeOf`: the start
 * of its request) at or before a human's last one is not stored, so a request under way at a
 * logout, in any `SingleFlightTokenCache` sharing this store, does not put its token back. Up to
 * `maxEntries` humans' invalidations are remembered; past that the oldest is dropped, and no token
 * issued up to the latest time dropped is stored for any human until 24 h after it (fail closed:
 * a dropped record costs a later IdP request for the requests under way then, never a token from
 * before a logout). {@link stats} tells how many evictions there were, and how many of them
 * threw away a token that was still fresh.
 *
 * @example
 * const cache = new SingleFlightTokenCache({ store: new InMemoryTokenCache({ maxEntries: 10_000 }) });
 */
export class InMemoryTokenCache implements TokenCache {
  readonly #maxEntries: number;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #entries = new KeyTrie<Entry>();
  // Least recently used first. The newest entry is already last: a hit on it moves nothing.
  readonly #order = new Set<Entry>();
  /** Per human, when their tokens were last invalidated (ms since the epoch), oldest first. */
  readonly #invalidatedAt = new Map<string, number>();
  /** The latest invalidation dropped from that record for room (ms since the epoch). */
  #droppedInvalidationAt: number | undefined;
  #newest: Entry | undefined;
  #evictions = 0;
  #freshEvictions = 0;

  /** @throws TypeError on a wrong option, or one that is not an option (naming the option meant). */
  constructor(options: InMemoryTokenCacheOptions = {}) {
    checkValue(options, 'options', 'object');
    refuseUnknownOptions(options, KNOWN, 'new InMemoryTokenCache');
    this.#clock = checkOption(options, 'clock', 'clock') ?? systemClock;
    this.#logger = loggerOrDefault(checkOption(options, 'logger', 'logger'));
    this.#maxEntries = checkOption(options, 'maxEntries', 'positiveInteger') ?? 1000;
  }

  /** How many tokens are kept now. */
  get size(): number {
    return this.#order.size;
  }

  /** Counts since the cache was made; see {@link InMemoryTokenCacheStats}. */
  stats(): InMemoryTokenCacheStats {
    return {
      size: this.#order.size,
      maxEntries: this.#maxEntries,
      evictions: this.#evictions,
      freshEvictions: this.#freshEvictions,
      invalidations: this.#invalidatedAt.size,
    };
  }

  async get(key: TokenCacheKey): Promise<DualSubjectToken | undefined> {
    const token = this.peek(key);
    if (token === undefined || token.expiresAt > this.#clock.now()) return token;
    const entry = this.#entries.get(tokenCacheKeyPath(key));
    if (entry !== undefined) this.#forget(entry);
    return undefined;
  }

  /** The token stored for `key`, expired or not, synchronously: the caller checks its expiry. */
  peek(key: TokenCacheKey): DualSubjectToken | undefined {
    const entry = this.#entries.get(tokenCacheKeyPath(key));
    if (entry === undefined) return undefined;
    if (entry !== this.#newest) {
      this.#order.delete(entry);
      this.#order.add(entry);
      this.#newest = entry;
    }
    return entry.token;
  }

  /**
   * Keeps `token` under `key`, unless it was issued at or before the last {@link invalidate} of
   * the human, or of any human whose record was dropped for room (or its issue time cannot be read
   * then): its request may have been under way at the logout.
   */
  async set(key: TokenCacheKey, token: DualSubjectToken): Promise<void> {
    const invalidatedAt = Math.max(
      this.#invalidatedAt.get(key.sub) ?? Number.NEGATIVE_INFINITY,
      this.#droppedInvalidationAt ?? Number.NEGATIVE_INFINITY,
    );
    if (invalidatedAt !== Number.NEGATIVE_INFINITY && !(issueTimeOf(token) > invalidatedAt)) return;
    const path = tokenCacheKeyPath(key);
    const previous = this.#entries.get(path);
    if (previous !== undefined) this.#order.delete(previous);
    const entry: Entry = { path, sub: key.sub, adapterId: key.adapterId, token };
    this.#entries.set(path, entry);
    this.#order.add(entry);
    this.#newest = entry;
    for (const oldest of this.#order) {
      if (this.#order.size <= this.#maxEntries) break;
      this.#forget(oldest);
      this.#evicted(oldest);
    }
  }

  /**
   * Forgets every token of one human, and records when: a token issued up to then is not stored
   * afterwards (see {@link set}). Resolves how many tokens went.
   */
  async invalidate(sub: string): Promise<number> {
    const times = this.#invalidatedAt;
    const now = this.#clock.now();
    // Oldest first: those remembered for longer than a token lives go, so the record stays bounded.
    for (const [human, at] of times) {
      if (at > now - INVALIDATION_KEEP_MS) break;
      times.delete(human);
    }
    const dropped = this.#droppedInvalidationAt;
    if (dropped !== undefined && dropped <= now - INVALIDATION_KEEP_MS) {
      this.#droppedInvalidationAt = undefined;
    }
    const at = Math.max(times.get(sub) ?? now, now);
    times.delete(sub);
    times.set(sub, at);
    // Past the cap the oldest record goes, and its time then holds for every human.
    for (const [human, oldestAt] of times) {
      if (times.size <= this.#maxEntries) break;
      times.delete(human);
      this.#droppedInvalidationAt = Math.max(this.#droppedInvalidationAt ?? oldestAt, oldestAt);
    }
    let removed = 0;
    for (const entry of this.#order) {
      if (entry.sub === sub) {
        this.#forget(entry);
        removed += 1;
      }
    }
    return removed;
  }

  /**
   * The tokens stored for one human by one adapter, expired or not, whatever DPoP key each
   * adapter instance bound its tokens to (ids compared by core's `adapterIdWithoutKey`). Tells
   * `options.unreadable` 0: tokens are kept as they are, none fails to open.
   */
  async tokensOf(
    sub: string,
    adapterId: string,
    options?: TokensOfOptions,
  ): Promise<readonly DualSubjectToken[]> {
    options?.unreadable?.(0);
    const client = adapterIdWithoutKey(adapterId);
    const tokens: DualSubjectToken[] = [];
    for (const entry of this.#order) {
      if (entry.sub === sub && adapterIdWithoutKey(entry.adapterId) === client) {
        tokens.push(entry.token);
      }
    }
    return tokens;
  }

  #forget(entry: Entry): void {
    this.#entries.delete(entry.path);
    this.#order.delete(entry);
  }

  #evicted(entry: Entry): void {
    this.#evictions += 1;
    if (entry.token.expiresAt <= this.#clock.now()) return;
    this.#freshEvictions += 1;
    if (this.#freshEvictions === 1) {
      this.#logger.warn('token_cache_evicting_fresh', { max_entries: this.#maxEntries });
    }
  }
}
