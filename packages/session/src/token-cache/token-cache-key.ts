import type { Act, TokenCacheKey } from '@dual-auth/core';
import { base64url } from 'jose';

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
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return base64url.encode(new Uint8Array(digest));
}

/**
 * A cache key as one string. JSON of an array keeps the parts apart whatever they contain, so
 * `("a|b", "c")` and `("a", "b|c")` never collide; scopes are sorted and deduplicated.
 */
export function serializeTokenCacheKey(key: ActTokenCacheKey): string {
  const scope = [...new Set(key.scope)].sort();
  return JSON.stringify([
    key.adapterId,
    key.agentId,
    key.sub,
    scope,
    key.audience,
    key.actDigest ?? '',
  ]);
}
