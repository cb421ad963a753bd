import type { Act, TokenCacheKey } from '@dual-auth/core';
import { sha256Base64url } from '@dual-auth/core/jwt';

/**
 * The key the request classes file tokens under: core's {@link TokenCacheKey}, whose `actDigest`
 * keeps two different acts of one human apart. Kept as a name for compatibility.
 */
export type ActTokenCacheKey = TokenCacheKey;

function sortKeys(_name: string, value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries);
}

/**
 * The {@link ActTokenCacheKey.actDigest} of `act`: claims in any order give the same digest.
 *
 * @throws TypeError when the act cannot be serialized as JSON (a cycle, a BigInt).
 */
export async function actDigest(act: Act): Promise<string> {
  const { sub: _sub, ...claims } = act;
  if (Object.keys(claims).length === 0) return '';
  let text: string;
  try {
    text = JSON.stringify(claims, sortKeys);
  } catch {
    throw new TypeError('Invalid inputs: act must be JSON-serializable (no cycles or BigInt)');
  }
  return sha256Base64url(text);
}

/**
 * A cache key as the path an in-memory store files it under: adapter, agent, human, scopes
 * (sorted, deduplicated, space-joined as the IdP is asked for them), audience, act digest.
 */
export function tokenCacheKeyPath(key: ActTokenCacheKey): string[] {
  const { scope } = key;
  const scopes = scope.length === 1 ? (scope[0] as string) : [...new Set(scope)].sort().join(' ');
  return [key.adapterId, key.agentId, key.sub, scopes, key.audience, key.actDigest ?? ''];
}

/**
 * A cache key as one string: the parts of {@link tokenCacheKeyPath}, each length-prefixed, so
 * `("a|b", "c")` and `("a", "b|c")` never collide whatever the parts contain.
 */
export function serializeTokenCacheKey(key: ActTokenCacheKey): string {
  return tokenCacheKeyPath(key)
    .map((part) => `${part.length}:${part}`)
    .join('');
}
