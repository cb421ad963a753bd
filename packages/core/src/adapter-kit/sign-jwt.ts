import { CompactSign } from 'jose';
import { asciiJson } from './ascii-json.js';
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

/**
 * Signs a compact JWT with the reference's exact bytes: header `{"alg":…,"typ":"JWT"}` (keys
 * sorted, as PyJWT ≥ 2.5 writes them, with `kid` between), payload in the claims' own order with
 * non-ASCII escaped.
 *
 * @example
 * const jwt = await signJwt({ claims: { iss: 'application', sub: 'application' }, alg: 'RS256', key });
 */
export function signJwt({ claims, alg, key, kid, typ = 'JWT' }: SignJwtOptions): Promise<string> {
  const header = kid === undefined ? { alg, typ } : { alg, kid, typ };
  return new CompactSign(new TextEncoder().encode(asciiJson(claims)))
    .setProtectedHeader(header)
    .sign(key);
}
