import { encodeBase64url } from './base64url.js';
import { utf8Encoder } from './utf8.js';

/**
 * The SHA-256 of `text`'s UTF-8 bytes (a lone surrogate as U+FFFD), as unpadded base64url: 43
 * characters. What a DPoP proof's `ath` holds (RFC 9449 §4.2), what a replay store keeps in place
 * of an access token or a key too long to hold as is, and how a token cache names a request
 * without its secrets. Web Crypto's digest of `TextEncoder`'s bytes, so it runs everywhere.
 *
 * @example
 * await sha256Base64url(''); // '47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU'
 */
export async function sha256Base64url(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', utf8Encoder.encode(text));
  return encodeBase64url(new Uint8Array(digest));
}
