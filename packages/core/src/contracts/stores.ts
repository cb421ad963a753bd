import type { DualSubjectToken } from './dual-subject-token.js';

/**
 * Remembers which `jti`s were seen, so a signed act JWT is accepted once.
 * In-memory by default; a shared store (Redis) when several instances verify.
 */
export interface ReplayStore {
  /**
   * Claims `jti` until `expiresAt` (ms since epoch). Resolves `true` on first use and `false` on
   * a replay. Must be atomic: two concurrent claims of one `jti` cannot both win.
   */
  claim(jti: string, expiresAt: number): Promise<boolean>;
}

/** What a cached token is filed under; two humans never share an entry. */
export interface TokenCacheKey {
  /** `IamAdapter.id`. */
  adapterId: string;
  agentId: string;
  /** `act.sub` of the human. */
  sub: string;
  /** Requested scopes, sorted. */
  scope: readonly string[];
  audience: string;
}

/**
 * Storage of issued tokens. Single-flight (one IdP call for concurrent identical requests) is done
 * above it by the session package; a store only keeps entries and forgets them.
 */
export interface TokenCache {
  get(key: TokenCacheKey): Promise<DualSubjectToken | undefined>;
  set(key: TokenCacheKey, token: DualSubjectToken): Promise<void>;
  /** Forgets every token of one human (logout). Resolves how many entries went. */
  invalidate(sub: string): Promise<number>;
}
