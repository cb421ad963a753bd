import type { JWK, JWTVerifyGetKey } from 'jose';
import { JWKSMultipleMatchingKeys } from 'jose/errors';
import { importPublicKey } from '../adapter-kit/import-key.js';
import { isCryptoKey } from '../adapter-kit/is-crypto-key.js';
import type { JwsAlgorithm } from './jws-algorithms.js';

/**
 * Keys that verify a JWT: a JWKS resolver (`createRemoteJwks` of the adapter kit, jose's
 * `createLocalJWKSet`), a public `CryptoKey`, a public JWK, or SPKI / X.509 certificate PEM text.
 *
 * With a JWKS, the token's `kid` header picks the key (RFC 7515 §4.1.4, RFC 7517 §4.5): every key
 * listed under that `kid` is tried (the same key listed twice, a rotation reusing a `kid`). A
 * token WITHOUT `kid` is tried against every key fitting its algorithm only when there are at
 * most two (a lone key, or the old and new key of a rotation); with more it is refused
 * `unknown_key` untried, its message saying the IdP must put `kid` in the header, so a forged
 * kid-less token cannot cost one signature check per published key. A `kid` that is not a string
 * (a resolver would ignore it, and every key match) is refused `malformed` before any key. Keycloak, Auth0, Okta, Entra
 * ID and the local IdP of `@dual-auth/testing` all set `kid`; an IdP that names its key by `x5t`
 * alone (AD FS) needs a JWKS of at most two keys, or a static key.
 */
export type VerificationKeys = JWTVerifyGetKey | CryptoKey | JWK | string;

/** The parts of a token a key lookup sees: its protected header and its three segments. */
export interface KeyLookupInput {
  readonly alg: JwsAlgorithm;
  readonly header: Readonly<Record<string, unknown>>;
  readonly segments: readonly [string, string, string];
}

/**
 * Finds the candidate keys for one token: one for a static key, one or several from a JWKS (two
 * keys under one `kid`, or the same key listed twice, are all tried). Rejects with jose's JWKS
 * errors, a `BodyTooLargeError`, or an {@link UnusableKeyError}.
 */
export type KeyLookup = (input: KeyLookupInput) => Promise<readonly CryptoKey[]>;

/** A static key that cannot verify the token's (allowed) algorithm: the token was not signed with it. */
export class UnusableKeyError extends Error {
  constructor(cause?: unknown) {
    super('The verification key cannot verify this algorithm', { cause });
    this.name = 'UnusableKeyError';
  }
}

/** Imports PEM text or a JWK once per algorithm; the promise is kept, so concurrent calls share it. */
function importOncePerAlgorithm(key: string | JWK): (alg: JwsAlgorithm) => Promise<CryptoKey> {
  const imported = new Map<JwsAlgorithm, Promise<CryptoKey>>();
  return (alg) => {
    let pending = imported.get(alg);
    if (pending === undefined) {
      // The kit imports RS256, PS256, ES256 and EdDSA keys; any other algorithm is unusable here.
      pending = importPublicKey(key as string | JsonWebKey, alg as 'RS256').catch((cause) => {
        throw new UnusableKeyError(cause);
      });
      imported.set(alg, pending);
    }
    return pending;
  };
}

function resolverLookup(resolve: JWTVerifyGetKey): KeyLookup {
  const jwkImports = new WeakMap<object, (alg: JwsAlgorithm) => Promise<CryptoKey>>();
  const toCryptoKey = async (key: unknown, alg: JwsAlgorithm): Promise<CryptoKey> => {
    if (isCryptoKey(key)) return key;
    if (typeof key === 'object' && key !== null && typeof (key as JWK).kty === 'string') {
      let importer = jwkImports.get(key);
      if (importer === undefined) {
        importer = importOncePerAlgorithm(key as JWK);
        jwkImports.set(key, importer);
      }
      return importer(alg);
    }
    throw new UnusableKeyError();
  };
  return async ({ alg, header, segments }) => {
    const token = { protected: segments[0], payload: segments[1], signature: segments[2] };
    try {
      return [await toCryptoKey(await resolve(header as never, token), alg)];
    } catch (error) {
      if (!(error instanceof JWKSMultipleMatchingKeys)) throw error;
      const candidates: CryptoKey[] = [];
      for await (const candidate of error) {
        if (isCryptoKey(candidate)) candidates.push(candidate);
      }
      if (candidates.length === 0) throw error;
      return candidates;
    }
  };
}

function staticLookup(keys: CryptoKey | JWK | string): KeyLookup {
  if (isCryptoKey(keys)) {
    const candidates = [keys];
    return async () => candidates;
  }
  const importFor = importOncePerAlgorithm(keys);
  return async ({ alg }) => [await importFor(alg)];
}

const byObject = new WeakMap<object, KeyLookup>();
const byPem = new Map<string, KeyLookup>();
const MAX_PEM_LOOKUPS = 64;

/**
 * The {@link KeyLookup} of `keys`, made once per key value and reused: PEM text and JWKs are
 * imported once per algorithm, not on every token (keys held in objects are remembered weakly,
 * the last 64 PEM texts by value).
 *
 * @throws TypeError when `keys` is none of the accepted forms.
 */
export function keyLookupFor(keys: VerificationKeys): KeyLookup {
  if (typeof keys === 'string') {
    let lookup = byPem.get(keys);
    if (lookup === undefined) {
      lookup = staticLookup(keys);
      if (byPem.size >= MAX_PEM_LOOKUPS) byPem.delete(byPem.keys().next().value as string);
      byPem.set(keys, lookup);
    }
    return lookup;
  }
  if ((typeof keys !== 'object' && typeof keys !== 'function') || keys === null) {
    throw new TypeError(
      'keys must be a JWKS resolver, a CryptoKey, a JWK, or SPKI/certificate PEM text',
    );
  }
  let lookup = byObject.get(keys);
  if (lookup === undefined) {
    lookup = typeof keys === 'function' ? resolverLookup(keys) : staticLookup(keys);
    byObject.set(keys, lookup);
  }
  return lookup;
}
