import { ConfigurationError } from '@dual-auth/core';
import type { AsymmetricAlgorithm, KeyInput } from '@dual-auth/core/adapter-kit';
import { calculateJwkThumbprint, exportJWK, importPKCS8, type JWK } from 'jose';

// Only these members of a JWK are public; everything else (d, p, q, dp, dq, qi, oth) is not.
const PUBLIC_MEMBERS: Readonly<Record<string, readonly string[]>> = {
  RSA: ['kty', 'n', 'e'],
  EC: ['kty', 'crv', 'x', 'y'],
  OKP: ['kty', 'crv', 'x'],
};

function pick(jwk: JWK): JWK {
  const members = PUBLIC_MEMBERS[jwk.kty ?? ''] ?? [];
  const source = jwk as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const member of members) {
    if (source[member] !== undefined) out[member] = source[member];
  }
  return out as JWK;
}

function isCryptoKey(key: unknown): key is CryptoKey {
  return Object.prototype.toString.call(key) === '[object CryptoKey]';
}

async function fullJwk(key: KeyInput, alg: AsymmetricAlgorithm): Promise<JWK> {
  if (typeof key === 'string') return exportJWK(await importPKCS8(key, alg, { extractable: true }));
  if (!isCryptoKey(key)) return key as JWK;
  if (key.extractable) return exportJWK(key);
  throw new ConfigurationError({
    message:
      'publicJwks() needs the public half of the key: give the private key as PEM or JWK, or as an extractable CryptoKey',
    variable: 'privateKey',
  });
}

/**
 * The RFC 7638 thumbprint (SHA-256, base64url) of a signing key's public half: its default `kid`.
 * `undefined` for a non-extractable `CryptoKey`, whose public half cannot be read.
 */
export async function publicJwkThumbprint(
  key: KeyInput,
  alg: AsymmetricAlgorithm,
): Promise<string | undefined> {
  if (isCryptoKey(key) && !key.extractable) return undefined;
  return calculateJwkThumbprint(pick(await fullJwk(key, alg)));
}

/**
 * The public half of a signing key as a JWK (`alg`, `use: "sig"` and `kid` added), for a JWKS.
 * PKCS#8 PEM and JWK inputs always work; a `CryptoKey` must be extractable. Call it only with a
 * key the kit's `importPrivateKey` has accepted.
 *
 * @throws ConfigurationError when the key is a non-extractable `CryptoKey`.
 */
export async function publicJwkOf(
  key: KeyInput,
  alg: AsymmetricAlgorithm,
  kid: string | undefined,
): Promise<JWK> {
  const jwk = pick(await fullJwk(key, alg));
  return { ...jwk, alg, use: 'sig', ...(kid === undefined ? {} : { kid }) };
}
