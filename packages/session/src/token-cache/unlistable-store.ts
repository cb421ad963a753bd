/**
 * What `SingleFlightTokenCache.tokensOf` throws (a TypeError's message) over a store that cannot
 * list a human's tokens, where an empty list would read as "the human has none" and
 * `endDelegation` would answer that nothing was to revoke; `endDelegation` tells it by this text.
 */
export const UNLISTABLE_STORE =
  "SingleFlightTokenCache: its store has no tokensOf, so a human's tokens cannot be listed";
