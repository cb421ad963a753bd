import {
  type Clock,
  type DualSubjectToken,
  systemClock,
  type TokenCache,
  type TokenCacheKey,
} from '@dual-auth/core';
import { checkClock, checkOptionsObject, positiveInteger } from '../check-option.js';
import { serializeTokenCacheKey } from './token-cache-key.js';

/** What {@link InMemoryTokenCache} takes. */
export interface InMemoryTokenCacheOptions {
  /** Most tokens kept; the least recently used goes first. Default 1000. */
  maxEntries?: number | undefined;
  clock?: Clock | undefined;
}

interface Entry {
  sub: string;
  token: DualSubjectToken;
}

/**
 * The default {@link TokenCache}: tokens in memory, least recently used evicted past
 * `maxEntries`, expired ones never returned. Keys hold the human (`act.sub`), so one human's token
 * is never another's.
 *
 * @example
 * const cache = new SingleFlightTokenCache({ store: new InMemoryTokenCache({ maxEntries: 10_000 }) });
 */
export class InMemoryTokenCache implements TokenCache {
  readonly #maxEntries: number;
  readonly #clock: Clock;
  readonly #entries = new Map<string, Entry>();

  constructor(options: InMemoryTokenCacheOptions = {}) {
    checkOptionsObject(options, 'InMemoryTokenCache');
    checkClock(options.clock, 'InMemoryTokenCache: clock');
    this.#maxEntries = positiveInteger(options.maxEntries, 'InMemoryTokenCache: maxEntries', 1000);
    this.#clock = options.clock ?? systemClock;
  }

  /** How many tokens are kept now. */
  get size(): number {
    return this.#entries.size;
  }

  async get(key: TokenCacheKey): Promise<DualSubjectToken | undefined> {
    const id = serializeTokenCacheKey(key);
    const entry = this.#entries.get(id);
    if (entry === undefined) return undefined;
    this.#entries.delete(id);
    if (entry.token.expiresAt <= this.#clock.now()) return undefined;
    this.#entries.set(id, entry);
    return entry.token;
  }

  async set(key: TokenCacheKey, token: DualSubjectToken): Promise<void> {
    const id = serializeTokenCacheKey(key);
    this.#entries.delete(id);
    this.#entries.set(id, { sub: key.sub, token });
    for (const oldest of this.#entries.keys()) {
      if (this.#entries.size <= this.#maxEntries) break;
      this.#entries.delete(oldest);
    }
  }

  async invalidate(sub: string): Promise<number> {
    let removed = 0;
    for (const [id, entry] of this.#entries) {
      if (entry.sub === sub) {
        this.#entries.delete(id);
        removed += 1;
      }
    }
    return removed;
  }
}
