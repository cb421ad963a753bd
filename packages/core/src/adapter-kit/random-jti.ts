import type { RandomBytes } from '../contracts/random.js';
import { webCryptoRandomBytes } from '../contracts/random.js';
import { encodeBase64url } from '../jwt/base64url.js';

const JTI_BYTES = 32;

/**
 * A JWT id like Python's `secrets.token_urlsafe(32)`: 32 CSPRNG bytes, base64url without padding
 * (43 characters).
 *
 * @throws TypeError when `random` is not a function (a RandomBytes) or does not return 32 bytes.
 * @example
 * randomJti(); // 'HMr1i3nwtxe8w1_Psnl4BdpxLff62Zq72nlzeHvI7SU'
 */
export function randomJti(random: RandomBytes = webCryptoRandomBytes): string {
  if (typeof random !== 'function') throw new TypeError('random must be a function (RandomBytes)');
  const bytes = random(JTI_BYTES);
  if (!(bytes instanceof Uint8Array) || bytes.length !== JTI_BYTES) {
    throw new TypeError(`randomJti: random(${JTI_BYTES}) must return ${JTI_BYTES} bytes`);
  }
  return encodeBase64url(bytes);
}
