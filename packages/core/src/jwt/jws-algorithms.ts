/**
 * The asymmetric JWS algorithms verification accepts (RFC 7518 §3.3–3.5, RFC 8037 §3.1 and its
 * fully specified `Ed25519` name). `none` and every HMAC algorithm are absent by design: a public
 * key must never verify a MAC.
 */
export type JwsAlgorithm =
  | 'RS256'
  | 'RS384'
  | 'RS512'
  | 'PS256'
  | 'PS384'
  | 'PS512'
  | 'ES256'
  | 'ES384'
  | 'ES512'
  | 'EdDSA'
  | 'Ed25519';

/** How one algorithm verifies: its Web Crypto key family, hash, curve and signature size. */
export interface JwsAlgorithmSpec {
  /** The Web Crypto algorithm name of keys that verify it. */
  readonly family: 'RSASSA-PKCS1-v1_5' | 'RSA-PSS' | 'ECDSA' | 'Ed25519';
  /** Hash length in bits (RSA and ECDSA); also the RSA-PSS salt length, RFC 7518 §3.5. */
  readonly bits?: 256 | 384 | 512;
  /** ECDSA curve, RFC 7518 §3.4. */
  readonly curve?: 'P-256' | 'P-384' | 'P-521';
  /** Exact ECDSA signature length in bytes (R ‖ S), RFC 7518 §3.4. */
  readonly signatureBytes?: number;
}

const rsa = (family: 'RSASSA-PKCS1-v1_5' | 'RSA-PSS', bits: 256 | 384 | 512) => ({ family, bits });
const ec = (bits: 256 | 384 | 512, curve: 'P-256' | 'P-384' | 'P-521', signatureBytes: number) => ({
  family: 'ECDSA' as const,
  bits,
  curve,
  signatureBytes,
});

/** Every accepted algorithm and how it verifies. */
export const JWS_ALGORITHM_SPECS: Readonly<Record<JwsAlgorithm, JwsAlgorithmSpec>> =
  /* @__PURE__ */ (() => ({
    RS256: rsa('RSASSA-PKCS1-v1_5', 256),
    RS384: rsa('RSASSA-PKCS1-v1_5', 384),
    RS512: rsa('RSASSA-PKCS1-v1_5', 512),
    PS256: rsa('RSA-PSS', 256),
    PS384: rsa('RSA-PSS', 384),
    PS512: rsa('RSA-PSS', 512),
    ES256: ec(256, 'P-256', 64),
    ES384: ec(384, 'P-384', 96),
    ES512: ec(512, 'P-521', 132),
    EdDSA: { family: 'Ed25519' },
    Ed25519: { family: 'Ed25519' },
  }))();

/** RSA keys shorter than this are refused (RFC 7518 §3.3, §3.5). */
export const MIN_RSA_MODULUS_BITS = 2048;

/** True when `value` names an accepted JWS algorithm. */
export function isJwsAlgorithm(value: unknown): value is JwsAlgorithm {
  return typeof value === 'string' && Object.hasOwn(JWS_ALGORITHM_SPECS, value);
}

/**
 * True when `key` is a public verification key of the family, hash and curve `alg` needs, and an
 * RSA key has at least 2048 bits. This is what stops algorithm confusion: a key verifies one
 * family only, whatever the token's header claims.
 */
export function keyFitsAlgorithm(key: CryptoKey, alg: JwsAlgorithm): boolean {
  const spec = JWS_ALGORITHM_SPECS[alg];
  if (key.type !== 'public' || !key.usages.includes('verify')) return false;
  const algorithm = key.algorithm as KeyAlgorithm & {
    hash?: { name: string };
    namedCurve?: string;
    modulusLength?: number;
  };
  if (spec.family === 'Ed25519') return algorithm.name === 'Ed25519' || algorithm.name === 'EdDSA';
  if (algorithm.name !== spec.family) return false;
  if (spec.family === 'ECDSA') return algorithm.namedCurve === spec.curve;
  return (
    algorithm.hash?.name === `SHA-${spec.bits}` &&
    (algorithm.modulusLength ?? 0) >= MIN_RSA_MODULUS_BITS
  );
}
