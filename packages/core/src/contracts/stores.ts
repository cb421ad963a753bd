import type { DualSubjectToken } from './dual-subject-token.js';

/** Per-claim options of {@link ReplayStore.claim}. */
export interface ReplayClaimOptions {
  /**
   * What the `jti` is bound to, e.g. a digest of the access token an act assertion travels with.
   * A later claim of the same `jti` with the same binding is accepted (the same credentials sent
   * again); with another binding, or none, it is a replay. Without a binding a `jti` is single-use.
   */
  binding?: string | undefined;
  /**
   * Whose claim this is: the party that minted the `jti` (the agent application of an act
   * assertion, the issuer of an act JWT), taken from the verified token, never from unverified
   * input. A store with a bounded memory (`InMemoryReplayStore`) gives each partition a share of
   * its own, so one party's flood of valid `jti`s can neither evict nor refuse another's. It must
   * be a function of the signed credential (of what the claimed `jti` is signed with or signed
   * into), so that a replay names the partition of the first claim: a `jti` remembered is a
   * replay under every partition, but one a full share forgot (refused as
   * `ReplayStoreFullError` under its own partition) is not recognised under another. A partition
   * taken from anything the sender chooses apart from the credential (a tenant header, the
   * sending IP) would let a replay through by changing it. Stores may ignore it (one shared
   * space): stores written before partitions existed do. `RedisReplayStore` bounds by partition
   * only its claims living longer than an hour (its `maxLongClaimsPerPartition`); the others
   * share Redis's memory.
   */
  partition?: string | undefined;
}

/**
 * Remembers which `jti`s were seen, so a signed act JWT is accepted once (or, with a binding, only
 * together with what it was first bound to). In-memory by default (`InMemoryReplayStore`); a
 * shared store (Redis) when several instances verify.
 */
export interface ReplayStore {
  /**
   * Claims `jti` until `expiresAt`, in MILLISECONDS since the epoch (a JWT's `exp` is in
   * seconds: pass `exp * 1000`). Resolves `true` on first use and `false` on a replay. Must be
   * atomic: two concurrent claims of one `jti` cannot both win. When the first claim gave
   * `options.binding`, a later claim with the very same binding resolves `true` too. Stores
   * written before bindings existed ignore the third argument, so every reuse is a replay with
   * them: safe, only stricter.
   *
   * @throws TypeError (dual-auth's stores) when `expiresAt` is not a finite number or is below
   * 1e11 (March 1973 in ms; every `exp` in seconds until the year 5138 is below it), as a seconds
   * value would be claimed for an instant and a replay accepted; the message says "pass exp *
   * 1000" and never holds the `jti`. A store should refuse such a value the same way.
   */
  claim(jti: string, expiresAt: number, options?: ReplayClaimOptions): Promise<boolean>;
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
  /**
   * base64url SHA-256 of the act's claims besides `sub`, keys sorted (`''` for `{ sub }` alone).
   * A token carries the act it was minted for, so two acts of one human that differ (an `oid`, an
   * email, any extra claim) never share a token; a digest, so no email becomes part of a key.
   * A store must keep it in its keys.
   */
  actDigest?: string | undefined;
}

/**
 * Storage of issued tokens. Single-flight (one IdP call for concurrent identical requests) is done
 * above it by the session package; a store only keeps entries and forgets them.
 */
export interface TokenCache {
  get(key: TokenCacheKey): Promise<DualSubjectToken | undefined>;
  /**
   * Optional, for stores that answer from memory: the token stored for `key`, synchronously,
   * expired or not — the caller checks its expiry (one clock read per lookup). The session's
   * single-flight cache asks it first, so a warm lookup costs no promise; a store without it
   * (Redis) is asked through `get`.
   */
  peek?(key: TokenCacheKey): DualSubjectToken | undefined;
  set(key: TokenCacheKey, token: DualSubjectToken): Promise<void>;
  /**
   * Forgets every token of one human (logout). Resolves how many entries went. A store shared by
   * several instances should also remember when, and have `set` refuse a token issued
   * (`issuedAt`: the start of its request) at or before then, so that a request under way
   * elsewhere at the logout does not put its token back; `InMemoryTokenCache` of
   * `@dual-auth/session` and `RedisTokenCache` of `@dual-auth/store-redis` do.
   */
  invalidate(sub: string): Promise<number>;
  /**
   * Optional: the tokens stored for one human by one adapter, expired or not, so that ending the
   * human's delegation can revoke them at that adapter's IdP: those whose `TokenCacheKey.adapterId`
   * is `adapterId` once both are taken through core's `adapterIdWithoutKey`, i.e. whatever DPoP
   * key each agent instance bound its tokens to (a token is revoked without a proof, RFC 7009
   * §2.1). A store that compares the ids as they are still lists the ending instance's own tokens;
   * the others are then cut off but not revoked. A store that may hold entries it cannot open
   * (sealed under a key it does not hold) tells how many through `options.unreadable`; a store
   * written before it ignores the argument, and the count is then unknown.
   */
  tokensOf?(
    sub: string,
    adapterId: string,
    options?: TokensOfOptions,
  ): Promise<readonly DualSubjectToken[]>;
  /**
   * Optional, for stores shared by several instances (Redis): a short lock on `key`, so that
   * instances asking for the same token at once make one IdP request between them. Resolves once
   * the caller holds the lock, after waiting while another instance holds it. The holder reads
   * the store again (the instance before it may have stored the token meanwhile), requests and
   * `set`s the token when it is still missing, then releases. Rejects when the store cannot be
   * reached or the lock is not had within the store's bounded wait: the caller then requests
   * without it. An in-process store leaves it out: the session's single-flight already makes one
   * request per process.
   */
  lock?(key: TokenCacheKey, options?: TokenCacheLockOptions): Promise<TokenCacheLock>;
}

/** Per-call options of {@link TokenCache.tokensOf}. */
export interface TokensOfOptions {
  /**
   * Told, once before the listing resolves, how many of the human's entries the store found but
   * could not open (sealed under a key it does not hold, altered, another program's value), 0
   * included: their tokens are not listed, so not revoked at the IdP. Entries of every adapter
   * count, as which adapter an entry is for is sealed in it. `InMemoryTokenCache` of
   * `@dual-auth/session` tells 0 (it keeps tokens as they are); `RedisTokenCache` of
   * `@dual-auth/store-redis` counts. A store that never calls it leaves the count unknown
   * (`endDelegation` answers `unreadableTokens: undefined`).
   */
  unreadable?: ((count: number) => void) | undefined;
}

/** Per-call options of {@link TokenCache.lock}. */
export interface TokenCacheLockOptions {
  /** Stops waiting for the lock; the promise rejects with the signal's reason. */
  signal?: AbortSignal | undefined;
}

/** A lock held through {@link TokenCache.lock}. */
export interface TokenCacheLock {
  /**
   * Lets the next instance go. Never rejects; a lock that is not released (its holder died)
   * expires by itself after the store's lock lifetime.
   */
  release(): Promise<void>;
}
