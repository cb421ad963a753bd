import { encodeBase64url, MAX_JTI_LENGTH } from '@dual-auth/core/jwt';

const PREFIX = 'act-jwt:';
// Its own namespace, so a digest can never equal a key claimed in full.
const DIGEST_PREFIX = 'act-jwt-sha256:';

/**
 * The replay-store key an act JWT's `jti` is claimed under: `act-jwt:<iss>:<jti>`, or
 * `act-jwt-sha256:` and the base64url SHA-256 of the issuer and the `jti` (as a JSON pair) when the
 * plain key would be longer than `MAX_JTI_LENGTH` (256, what a shared store such as
 * `RedisReplayStore` accepts) or the issuer holds `:` (the plain key's separator). The same rule as
 * the resource's `act-assertion:` keys, in a namespace of its own: one replay store can be shared
 * with a guard (its `act-assertion:`, `act-assertion-sha256:` and `dpop-proof-sha256:` keys) and
 * no act JWT can spend an act assertion's or a DPoP proof's key, nor they its. Two different
 * (issuer, `jti`) pairs never share a key. A string in the common case (an issuer without `:`, a
 * short `jti`), a promise only when it hashes: no extra async frame per token. Web Crypto, so it
 * runs everywhere.
 */
export function actJwtReplayKey(issuer: string, jti: string): string | Promise<string> {
  const key = `${PREFIX}${issuer}:${jti}`;
  if (key.length <= MAX_JTI_LENGTH && !issuer.includes(':')) return key;
  return digestKey(issuer, jti);
}

async function digestKey(issuer: string, jti: string): Promise<string> {
  const bytes = new TextEncoder().encode(JSON.stringify([issuer, jti]));
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return `${DIGEST_PREFIX}${encodeBase64url(new Uint8Array(digest))}`;
}
