import { ConfigurationError } from '@dual-auth/core';
import {
  type AsymmetricAlgorithm,
  importPublicKey,
  isCryptoKey,
  type KeyInput,
} from '@dual-auth/core/adapter-kit';
import type { JwkWithKid } from '../key-input.js';

/**
 * A Node `KeyObject`, recognised by shape so web builds need no Node types: anything with
 * `asymmetricKeyType` and an `export({ format: 'jwk' })`.
 */
export interface KeyObjectLike {
  readonly type: string;
  readonly asymmetricKeyType?: string | undefined;
  export(options: { format: 'jwk' }): unknown;
}

/** A verification key as users hold it: PEM (SPKI or certificate), public JWK, `CryptoKey` or `KeyObject`. */
export type VerificationKeyInput = KeyInput | JwkWithKid | KeyObjectLike;

/** An imported verification key and the one algorithm it verifies. */
export interface VerificationKey {
  key: CryptoKey;
  algorithm: AsymmetricAlgorithm;
}

const BY_CRYPTO_KEY: Readonly<Record<string, AsymmetricAlgorithm>> = {
  'RSASSA-PKCS1-v1_5': 'RS256',
  'RSA-PSS': 'PS256',
  ECDSA: 'ES256',
  Ed25519: 'EdDSA',
  EdDSA: 'EdDSA',
};

const ALGORITHMS: readonly AsymmetricAlgorithm[] = ['RS256', 'PS256', 'ES256', 'EdDSA'];

// Tried in turn for PEM, whose text does not name its key type.
const PEM_CANDIDATES: readonly AsymmetricAlgorithm[] = ['RS256', 'ES256', 'EdDSA'];

function isKeyObject(key: unknown): key is KeyObjectLike {
  const candidate = key as Partial<KeyObjectLike> | null;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    typeof candidate.type === 'string' &&
    typeof candidate.export === 'function' &&
    !isCryptoKey(key)
  );
}

function algorithmOfJwk(jwk: JsonWebKey): AsymmetricAlgorithm | undefined {
  const named = ALGORITHMS.find((alg) => alg === jwk.alg);
  if (named !== undefined) return named;
  if (jwk.kty === 'RSA') return 'RS256';
  if (jwk.kty === 'EC' && jwk.crv === 'P-256') return 'ES256';
  if (jwk.kty === 'OKP' && jwk.crv === 'Ed25519') return 'EdDSA';
  return undefined;
}

async function importPem(pem: string): Promise<VerificationKey> {
  let firstError: unknown;
  for (const algorithm of PEM_CANDIDATES) {
    try {
      return { key: await importPublicKey(pem, algorithm, { name: 'publicKey' }), algorithm };
    } catch (error) {
      firstError ??= error;
    }
  }
  throw firstError;
}

/**
 * Imports a verification key and fixes its algorithm from the key type (RSA → RS256, P-256 →
 * ES256, Ed25519 → EdDSA), or from `algorithm` when given. One key, one algorithm: no `none`,
 * no HMAC, no RSA/HMAC confusion. Private and symmetric keys are refused.
 *
 * @throws ConfigurationError when the key cannot verify any supported algorithm.
 * @throws TypeError when `input` is not a key.
 */
export async function importVerificationKey(
  input: VerificationKeyInput,
  algorithm?: AsymmetricAlgorithm,
): Promise<VerificationKey> {
  if (isKeyObject(input)) {
    if (input.type !== 'public') {
      throw new ConfigurationError({
        message: `publicKey is a ${input.type} KeyObject; give the public key`,
        variable: 'publicKey',
      });
    }
    return importVerificationKey(input.export({ format: 'jwk' }) as JsonWebKey, algorithm);
  }
  if (typeof input === 'string' && algorithm === undefined) return importPem(input);
  const detected = isCryptoKey(input)
    ? BY_CRYPTO_KEY[input.algorithm.name]
    : typeof input === 'object' && input !== null
      ? algorithmOfJwk(input)
      : undefined;
  const chosen = algorithm ?? detected ?? 'RS256';
  return { key: await importPublicKey(input, chosen, { name: 'publicKey' }), algorithm: chosen };
}
