import { calculateJwkThumbprint } from 'jose';
import { toPem } from '../tls/der.js';

/** An RSA-2048 key pair for RS256, in the forms tests and servers need. */
export interface RsaKeyPair {
  /** PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`). */
  readonly privateKeyPem: string;
  /** SPKI PEM (`-----BEGIN PUBLIC KEY-----`). */
  readonly publicKeyPem: string;
  /** Private JWK with `kid`, `alg: RS256`, `use: sig`. */
  readonly privateJwk: JsonWebKey & { kid: string };
  /** Public JWK with `kid`, `alg: RS256`, `use: sig`. */
  readonly publicJwk: JsonWebKey & { kid: string };
  /** `{ keys: [publicJwk] }`. */
  readonly jwks: { readonly keys: readonly (JsonWebKey & { kid: string })[] };
}

/**
 * Generates an RSA-2048 RS256 key pair with Web Crypto (fresh per call, never written to disk).
 *
 * @example
 * ```ts
 * const { privateKeyPem, jwks } = await generateRsaKeyPair();
 * ```
 */
export async function generateRsaKeyPair(): Promise<RsaKeyPair> {
  const { subtle } = globalThis.crypto;
  const keys = await subtle.generateKey(
    {
      name: 'RSASSA-PKCS1-v1_5',
      modulusLength: 2048,
      publicExponent: Uint8Array.of(1, 0, 1),
      hash: 'SHA-256',
    },
    true,
    ['sign', 'verify'],
  );
  const [pkcs8, spki, privateJwk, publicJwk] = await Promise.all([
    subtle.exportKey('pkcs8', keys.privateKey),
    subtle.exportKey('spki', keys.publicKey),
    subtle.exportKey('jwk', keys.privateKey),
    subtle.exportKey('jwk', keys.publicKey),
  ]);
  const { n = '', e = '' } = publicJwk;
  const kid = await calculateJwkThumbprint({ kty: 'RSA', e, n });
  const publicOnly = { kty: 'RSA', n, e, kid, alg: 'RS256', use: 'sig' };
  return {
    privateKeyPem: toPem(new Uint8Array(pkcs8), 'PRIVATE KEY'),
    publicKeyPem: toPem(new Uint8Array(spki), 'PUBLIC KEY'),
    privateJwk: { ...stripWebCryptoFields(privateJwk), kid, alg: 'RS256', use: 'sig' },
    publicJwk: publicOnly,
    jwks: { keys: [publicOnly] },
  };
}

function stripWebCryptoFields({ key_ops: _ops, ext: _ext, ...jwk }: JsonWebKey): JsonWebKey {
  return jwk;
}
