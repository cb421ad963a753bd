/** Source of cryptographically strong random bytes, injectable for tests. */
export type RandomBytes = (size: number) => Uint8Array;

/** Web Crypto's CSPRNG. */
export const webCryptoRandomBytes: RandomBytes = (size) =>
  crypto.getRandomValues(new Uint8Array(size));
