/**
 * Whether `value` is a Web Crypto `CryptoKey`, told by its `Object.prototype.toString` tag
 * (WebCrypto §14, `[Symbol.toStringTag]`), so that a key from another realm or a runtime whose
 * `CryptoKey` global differs still counts.
 *
 * @example
 * isCryptoKey(await crypto.subtle.generateKey({ name: 'HMAC', hash: 'SHA-256' }, false, ['sign'])); // true
 * isCryptoKey({ kty: 'RSA' }); // false
 */
export function isCryptoKey(value: unknown): value is CryptoKey {
  return Object.prototype.toString.call(value) === '[object CryptoKey]';
}
