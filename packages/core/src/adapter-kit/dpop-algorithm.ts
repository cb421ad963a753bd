/** Each asymmetric Web Crypto key's JWS `alg` (RFC 7518 §3.1, RFC 8037 §3.1), by name and detail. */
const ALGORITHMS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  ECDSA: { 'P-256': 'ES256', 'P-384': 'ES384', 'P-521': 'ES512' },
  'RSASSA-PKCS1-v1_5': { 'SHA-256': 'RS256', 'SHA-384': 'RS384', 'SHA-512': 'RS512' },
  'RSA-PSS': { 'SHA-256': 'PS256', 'SHA-384': 'PS384', 'SHA-512': 'PS512' },
  Ed25519: { '': 'EdDSA' },
};

/**
 * The JWS `alg` a DPoP proof signed with `key` carries: RFC 9449 §4.2 asks for an asymmetric
 * algorithm (never `none` nor a MAC), so ECDSA P-256/384/521, RSASSA-PKCS1-v1_5 and RSA-PSS with
 * SHA-256/384/512, and Ed25519; undefined for any other key (HMAC, AES, ECDH, RSA-OAEP).
 *
 * @example
 * dpopAlgorithmOf(keyPair.privateKey); // 'ES256'
 */
export function dpopAlgorithmOf(key: CryptoKey): string | undefined {
  const algorithm = key.algorithm as { name: string; namedCurve?: string; hash?: { name: string } };
  const detail = algorithm.namedCurve ?? algorithm.hash?.name ?? '';
  return Object.hasOwn(ALGORITHMS, algorithm.name)
    ? ALGORITHMS[algorithm.name]?.[detail]
    : undefined;
}
