import { encodeBase64url } from '@dual-auth/core/jwt';

/**
 * SHA-256 of an access token, base64url: what an Entra act assertion's `jti` is bound to in the
 * replay store, so the store never holds the token itself. Web Crypto, so it runs everywhere.
 */
export async function accessTokenDigest(accessToken: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(accessToken));
  return encodeBase64url(new Uint8Array(digest));
}
