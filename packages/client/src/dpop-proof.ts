/** What one DPoP proof is made for (RFC 9449 §4.2): the request it goes with. */
export interface DpopProofRequest {
  /** `htm`: the request's method, upper case. */
  readonly method: string;
  /** `htu`: the request's URL without query and fragment. */
  readonly url: string;
  /** The access token sent with it: `ath` is the base64url SHA-256 of it (§4.2). */
  readonly accessToken: string;
  /** `nonce`: the last `DPoP-Nonce` the API sent during this call (§9), else undefined. */
  readonly nonce: string | undefined;
}

/**
 * Makes a DPoP proof JWT (RFC 9449 §4.2: `typ` `dpop+jwt`, the public key in `jwk`, a fresh `jti`,
 * `htm`, `htu`, `iat`, `ath` and `nonce` when given) with the caller's key, e.g. panva's `dpop`
 * package: `(r) => generateProof(keyPair, r.url, r.method, r.nonce, r.accessToken)`. It is called
 * for every request sent with the token, so a proof is never sent twice.
 */
export type DpopProofMaker = (request: DpopProofRequest) => string | Promise<string>;

// A JWS compact serialization: three base64url parts.
const COMPACT_JWS = /^[\w-]+\.[\w-]+\.[\w-]+$/;

/**
 * A proof for `request` from `maker`, checked so that it fits a header.
 *
 * @throws TypeError when the maker returns something other than a compact JWS (the value is not
 *   repeated); whatever the maker throws, unchanged (`createDpopProver`'s refuses a JWT access
 *   token bound to another key, RFC 9449 §6.1).
 */
export async function makeDpopProof(
  maker: DpopProofMaker,
  request: DpopProofRequest,
): Promise<string> {
  const proof = await maker(request);
  if (typeof proof !== 'string' || !COMPACT_JWS.test(proof)) {
    throw new TypeError('dpopProof must return a DPoP proof JWT (compact JWS)');
  }
  return proof;
}

/** The `htu` of a request to `url` (RFC 9449 §4.2: no query, no fragment). */
export function proofUrl(url: URL): string {
  return `${url.origin}${url.pathname}`;
}
