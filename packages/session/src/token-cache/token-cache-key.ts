import type { TokenCacheKey } from '@dual-auth/core';

/**
 * A cache key as one string. JSON of an array keeps the parts apart whatever they contain, so
 * `("a|b", "c")` and `("a", "b|c")` never collide; scopes are sorted and deduplicated.
 */
export function serializeTokenCacheKey(key: TokenCacheKey): string {
  const scope = [...new Set(key.scope)].sort();
  return JSON.stringify([key.adapterId, key.agentId, key.sub, scope, key.audience]);
}
