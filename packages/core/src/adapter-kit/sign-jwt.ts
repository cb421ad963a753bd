import { requireValue } from '../config/check-option.js';
import { encodeBase64url } from '../jwt/base64url.js';
import { utf8Encoder } from '../jwt/utf8.js';
import { asciiJson } from './ascii-json.js';
import { ASYMMETRIC_ALGORITHMS, checkCryptoKey } from './check-key-input.js';
import type { AsymmetricAlgorithm } from './import-key.js';

/** Every JWS algorithm the kit signs with: HS256 for client secrets, the rest for key pairs. */
export type SigningAlgorithm = 'HS256' | AsymmetricAlgorithm;

/** What {@link signJwt} takes. */
export interface SignJwtOptions {
  /** The claims, serialized in their own key order. */
  claims: object;
  alg: SigningAlgorithm;
  /** A `CryptoKey` for asymmetric algorithms; the secret's bytes for HS256. */
  key: CryptoKey | Uint8Array;
  kid?: string | undefined;
  /** The `typ` header (RFC 7515 §4.1.9). Default `"JWT"`. */
  typ?: string | undefined;
}

const ALGORITHMS: readonly SigningAlgorithm[] = /* @__PURE__ */ (() => [
  'HS256',
  ...ASYMMETRIC_ALGORITHMS,
])();

// Signing is a single Web Crypto call per RFC 7518 §3 (ECDSA's R ‖ S output is already the JWS
// form); verification stays with the verifier of core/jwt.
async function signingKeyAndParams(
  alg: SigningAlgorithm,
  key: CryptoKey | Uint8Array,
): Promise<[CryptoKey, AlgorithmIdentifier | RsaPssParams | EcdsaParams]> {
  if (alg === 'HS256') {
    if (!(key instanceof Uint8Array)) {
      throw new TypeError('signJwt: HS256 signs with the secret, given as a Uint8Array');
    }
    const hmac = { name: 'HMAC', hash: 'SHA-256' };
    const secret = key as Uint8Array<ArrayBuffer>;
    return [await crypto.subtle.importKey('raw', secret, hmac, false, ['sign']), hmac];
  }
  if (key instanceof Uint8Array) {
    throw new TypeError(`signJwt: ${alg} signs with a private CryptoKey, not bytes`);
  }
  const checked = checkCryptoKey(key, 'private', alg, 'the signing key');
  if (alg === 'PS256') return [checked, { name: 'RSA-PSS', saltLength: 32 }];
  if (alg === 'ES256') return [checked, { name: 'ECDSA', hash: 'SHA-256' }];
  return [checked, { name: checked.algorithm.name }];
}

/**
 * Signs a compact JWS (RFC 7515 §7.1) with the reference's exact bytes: header
 * `{"alg":…,"typ":"JWT"}` (keys sorted, as PyJWT ≥ 2.5 writes them, with `kid` between), payload
 * in the claims' own order with non-ASCII escaped.
 *
 * @throws TypeError (rejected) when `options` is not an object, `alg` is not one of {@link SigningAlgorithm}, or `key` is not the form
 * `alg` signs with (bytes for HS256, else a `CryptoKey`).
 * @throws ConfigurationError when the `CryptoKey` is not a private key of `alg`'s family that
 * may sign (RSA: SHA-256 and at least 2048 bits; ES256: P-256).
 * @example
 * const jwt = await signJwt({ claims: { iss: 'application', sub: 'application' }, alg: 'RS256', key });
 */
export async function signJwt(options: SignJwtOptions): Promise<string> {
  // Checked here, not by a wrapper: a web app's sender bundle ships this file alone of the kit.
  requireValue(options, 'options', 'object');
  const { claims, alg, key, kid, typ = 'JWT' } = options;
  if (!ALGORITHMS.includes(alg)) {
    throw new TypeError(`signJwt: alg must be one of ${ALGORITHMS.join(', ')}`);
  }
  const [signingKey, params] = await signingKeyAndParams(alg, key);
  const header = kid === undefined ? { alg, typ } : { alg, kid, typ };
  const input = `${encodeBase64url(JSON.stringify(header))}.${encodeBase64url(asciiJson(claims))}`;
  const signature = await crypto.subtle.sign(params, signingKey, utf8Encoder.encode(input));
  return `${input}.${encodeBase64url(new Uint8Array(signature))}`;
}
