import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import type { JWK } from 'jose';
import { type PublishedJwk, publishedJwk } from './generate-signing-key.js';

/**
 * The JWKS of a PEM key (PKCS#8 or PKCS#1 private, or SPKI public): its public half only, `alg`
 * from the key type (RSA → RS256, P-256 → ES256, Ed25519 → EdDSA), `kid` the RFC 7638 thumbprint.
 *
 * @throws TypeError when the text is not a PEM key of one of those types (the message never
 * repeats the input).
 * @example
 * const jwks = await jwksFromPem(await readFile('agent.pem', 'utf8'));
 */
export async function jwksFromPem(pem: string): Promise<{ keys: [PublishedJwk] }> {
  const key = publicKeyOf(pem);
  const jwk = key.export({ format: 'jwk' }) as JWK;
  const alg =
    jwk.kty === 'RSA'
      ? 'RS256'
      : jwk.kty === 'EC' && jwk.crv === 'P-256'
        ? 'ES256'
        : jwk.kty === 'OKP' && jwk.crv === 'Ed25519'
          ? 'EdDSA'
          : undefined;
  if (alg === undefined) {
    throw new TypeError('the key must be RSA, EC P-256 or Ed25519 (RS256, ES256, EdDSA)');
  }
  return { keys: [await publishedJwk(jwk, alg)] };
}

function publicKeyOf(pem: string): KeyObject {
  try {
    return /-----BEGIN PUBLIC KEY-----/.test(pem)
      ? createPublicKey(pem)
      : createPublicKey(createPrivateKey(pem));
  } catch {
    throw new TypeError('not a PEM key: give a PKCS#8, PKCS#1 or SPKI PEM file');
  }
}
