// DPoP proofs for the guard's tests (RFC 9449 §4.2): a proof key, a proof for a token, and the
// guard input of a request sending both.
import {
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  type JWK,
  type JWTPayload,
  SignJWT,
} from 'jose';
import { accessTokenDigest } from '../../src/access-token-digest.js';
import { createDualAuthGuard, type DualAuthGuardOptions } from '../../src/dual-auth-guard.js';
import type { GuardInput } from '../../src/guard-decision.js';
import { keycloakGuardOptions } from './keycloak-guard-options.js';
import { NOW_S, type SigningKey } from './token-kit.js';

/** The `htu` of {@link proofFor}: the API's balance endpoint, without query. */
export const DPOP_HTU = 'https://api.example.com/api/balance';

/** A client's DPoP key: its private key, its public JWK, and the JWK's SHA-256 thumbprint. */
export interface ProofKey {
  privateKey: CryptoKey;
  jwk: JWK;
  jkt: string;
}

/** A new DPoP key of `alg` (default ES256). */
export async function proofKey(alg = 'ES256'): Promise<ProofKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const jwk = await exportJWK(publicKey);
  return { privateKey, jwk, jkt: await calculateJwkThumbprint(jwk, 'sha256') };
}

let counter = 0;

/**
 * A proof by `key` of a GET of {@link DPOP_HTU} with `token` (its `ath`), a new `jti` each call,
 * issued at `NOW_S`; `claims` and `header` override or add.
 */
export async function proofFor(
  key: ProofKey,
  token: string,
  claims: Record<string, unknown> = {},
  header: Record<string, unknown> = {},
): Promise<string> {
  counter += 1;
  return new SignJWT({
    jti: `proof-${counter}`,
    htm: 'GET',
    htu: DPOP_HTU,
    iat: NOW_S,
    ath: await accessTokenDigest(token),
    ...claims,
  } as JWTPayload)
    .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: key.jwk, ...header })
    .sign(key.privateKey);
}

/** The guard input of a GET of `url` with `Authorization: DPoP <token>` and `proof`. */
export function dpopGuardInput(
  url: string,
  token: string,
  proof: string | undefined,
  more: Partial<GuardInput> = {},
) {
  return {
    authorization: `DPoP ${token}`,
    actAssertion: undefined,
    dpop: proof,
    method: 'GET',
    url,
    route: '/api/balance',
    ...more,
  } satisfies GuardInput;
}

/**
 * A guard of the Keycloak test setup (keys of `idpKey`) checking DPoP proofs with `dpop`;
 * `more` adds options or overrides them.
 */
export function dpopGuard(
  idpKey: SigningKey,
  dpop: DualAuthGuardOptions['dpop'] = {},
  more: Partial<DualAuthGuardOptions> = {},
) {
  return createDualAuthGuard({ ...keycloakGuardOptions(idpKey.publicJwk), dpop, ...more });
}
