import { calculateJwkThumbprint, exportJWK, exportPKCS8, generateKeyPair, type JWK } from 'jose';

/** The algorithms `dual-auth keys generate` makes keys for. */
export const KEY_ALGORITHMS = ['RS256', 'ES256', 'EdDSA'] as const;

/** One of {@link KEY_ALGORITHMS}. */
export type KeyAlgorithm = (typeof KEY_ALGORITHMS)[number];

/** A public JWK as a JWKS publishes it: `kid` (RFC 7638 thumbprint), `alg`, `use: sig`. */
export type PublishedJwk = JWK & {
  readonly kid: string;
  readonly alg: string;
  readonly use: 'sig';
};

/** A new key pair: the private key as PKCS#8 PEM and the public one as a JWKS. */
export interface GeneratedSigningKey {
  /** PKCS#8 PEM. A secret: write it with mode 0600, never print it unless asked. */
  readonly privateKeyPem: string;
  readonly jwks: { readonly keys: readonly [PublishedJwk] };
  readonly kid: string;
}

/**
 * Makes a signing key pair: RSA 2048 bits (RS256), P-256 (ES256) or Ed25519 (EdDSA), `kid` the
 * RFC 7638 SHA-256 thumbprint of the public JWK.
 *
 * @throws TypeError for another algorithm.
 * @example
 * const { privateKeyPem, jwks } = await generateSigningKey('ES256');
 */
export async function generateSigningKey(alg: KeyAlgorithm): Promise<GeneratedSigningKey> {
  if (!KEY_ALGORITHMS.includes(alg)) {
    throw new TypeError(`algorithm must be one of ${KEY_ALGORITHMS.join(', ')}`);
  }
  const { privateKey, publicKey } = await generateKeyPair(alg, {
    extractable: true,
    ...(alg === 'EdDSA' ? { crv: 'Ed25519' } : {}),
  });
  const jwk = await publishedJwk(await exportJWK(publicKey), alg);
  const pem = await exportPKCS8(privateKey);
  const privateKeyPem = pem.endsWith('\n') ? pem : `${pem}\n`;
  return { privateKeyPem, jwks: { keys: [jwk] }, kid: jwk.kid };
}

/** The public JWK with its RFC 7638 `kid`, `alg` and `use`. */
export async function publishedJwk(jwk: JWK, alg: string): Promise<PublishedJwk> {
  const { kty, crv, n, e, x, y } = jwk;
  const publicOnly: JWK = Object.fromEntries(
    Object.entries({ kty, crv, n, e, x, y }).filter(([, v]) => v !== undefined),
  );
  return {
    ...publicOnly,
    kid: await calculateJwkThumbprint(publicOnly, 'sha256'),
    alg,
    use: 'sig',
  };
}
