import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import type { JWK } from 'jose';
import { type PublishedJwk, publishedJwk } from './generate-signing-key.js';

/**
 * The JWKS of a PEM key (PKCS#8 or PKCS#1 private, or SPKI public): its public half only, `alg`
 * from the key type (RSA → RS256, P-256 → ES256, Ed25519 → EdDSA), `kid` the RFC 7638 thumbprint.
 *
 * @throws TypeError when the text is not a PEM key of one of those types, or is an RSA key
 * shorter than 2048 bits (the message never repeats the input).
 * @example
 * const jwks = await jwksFromPem(await readFile('agent.pem', 'utf8'));
 */
export async function jwksFromPem(pem: string): Promise<{ keys: [PublishedJwk] }> {
  const key = publicKeyOf(pem);
  const alg = algorithmOf(key);
  return { keys: [await publishedJwk(key.export({ format: 'jwk' }) as JWK, alg)] };
}

// From the key object, before any export: a DSA or RSA-PSS key has no JWK of these algorithms.
function algorithmOf(key: KeyObject): 'RS256' | 'ES256' | 'EdDSA' {
  const { asymmetricKeyType: type, asymmetricKeyDetails: details } = key;
  if (type === 'rsa') {
    // RFC 7518 section 3.3: RS256 keys are 2048 bits or larger; verifiers (jose) refuse shorter.
    if ((details?.modulusLength ?? 0) < 2048) {
      throw new TypeError(
        'the RSA key must be at least 2048 bits (RFC 7518 section 3.3), or verifiers refuse it: make a new one with dual-auth keys generate',
      );
    }
    return 'RS256';
  }
  if (type === 'ec' && details?.namedCurve === 'prime256v1') return 'ES256';
  if (type === 'ed25519') return 'EdDSA';
  throw new TypeError('the key must be RSA, EC P-256 or Ed25519 (RS256, ES256, EdDSA)');
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
