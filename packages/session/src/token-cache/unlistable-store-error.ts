/** Why a `SingleFlightTokenCache` over a store without `tokensOf` lists no token. */
export const UNLISTABLE_STORE =
  "the SingleFlightTokenCache's store has no tokensOf, so it cannot list a human's tokens; give the cache a store that lists them (the default in-memory one, RedisTokenCache of @dual-auth/store-redis)";

/**
 * What `SingleFlightTokenCache.tokensOf` throws over a store that cannot list a human's tokens,
 * where an empty list would read as "the human has none" (and `endDelegation` would answer that
 * nothing was to revoke). Not exported: `endDelegation` tells it from a cache's other failures.
 */
export class UnlistableStoreError extends TypeError {
  constructor() {
    super(`SingleFlightTokenCache.tokensOf: ${UNLISTABLE_STORE}`);
  }
}
