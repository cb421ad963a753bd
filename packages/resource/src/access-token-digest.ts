import { sha256Base64url } from '@dual-auth/core/jwt';

/**
 * SHA-256 of an access token, base64url: what an Entra act assertion's `jti` is bound to in the
 * replay store, so the store never holds the token itself. Web Crypto, so it runs everywhere.
 */
export function accessTokenDigest(accessToken: string): Promise<string> {
  return sha256Base64url(accessToken);
}
