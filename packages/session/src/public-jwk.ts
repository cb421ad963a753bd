import { ConfigurationError } from '@dual-auth/core';
import {
  type AsymmetricAlgorithm,
  importPrivateKey,
  isCryptoKey,
  type KeyInput,
} from '@dual-auth/core/adapter-kit';
import { encodeBase64url } from '@dual-auth/core/jwt';
import type { JWK } from 'jose';

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

const exportJwk = async (key: CryptoKey): Promise<JWK> =>
  (await crypto.subtle.exportKey('jwk', key)) as JWK;

async function fullJwk(key: KeyInput, alg: AsymmetricAlgorithm): Promise<JWK> {
  if (typeof key === 'string')
    return exportJwk(await importPrivateKey(key, alg, { extractable: true }));
  if (!isCryptoKey(key)) return key as JWK;
  if (key.extractable) return exportJwk(key);
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
  // RFC 7638 §3.2–3.3: the required members (which pick() keeps) in lexicographic order, no
  // whitespace, hashed with SHA-256.
  const jwk = pick(await fullJwk(key, alg)) as Record<string, unknown>;
  const sorted = Object.fromEntries(
    Object.keys(jwk)
      .sort()
      .map((name) => [name, jwk[name]]),
  );
  const json = new TextEncoder().encode(JSON.stringify(sorted));
  return encodeBase64url(new Uint8Array(await crypto.subtle.digest('SHA-256', json)));
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
