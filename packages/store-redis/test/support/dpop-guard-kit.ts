import type { Clock, ReplayStore } from '@dual-auth/core';
import { createDualAuthGuard, type DualAuthGuard } from '@dual-auth/resource';
import { loadTokenProfile } from '@dual-auth/testing';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, SignJWT } from 'jose';

/** The issuer of the tokens {@link boundRequest} signs. */
export const ISSUER = 'https://kc.example.test/realms/agbac';
/** Their audience. */
export const AUDIENCE = 'finance-api';
/** The URL every proof is made for. */
export const URL_OF_API = 'https://api.example.test/balance';

const [idp, proofKey] = await Promise.all([
  generateKeyPair('RS256'),
  generateKeyPair('ES256', { extractable: true }),
]);
const jwk = await exportJWK(proofKey.publicKey);
const jkt = await calculateJwkThumbprint(jwk, 'sha256');

/** What a guard of {@link guardOn} takes besides its replay store. */
export interface GuardOnOptions {
  /** Default: the system clock. */
  readonly clock?: Clock | undefined;
  /** The guard's `dpop.nonce` secret; none by default (the guard checks no nonce). */
  readonly nonceSecret?: Uint8Array | undefined;
}

/**
 * A Keycloak-profile guard with `dpop` on `replayStore`, trusting the tokens of
 * {@link boundRequest}: every agent and human allowed.
 */
export async function guardOn(
  replayStore: ReplayStore,
  { clock, nonceSecret }: GuardOnOptions = {},
): Promise<DualAuthGuard> {
  return createDualAuthGuard({
    profile: await loadTokenProfile('keycloak'),
    issuer: ISSUER,
    audience: AUDIENCE,
    keys: idp.publicKey,
    agentAllowed: () => true,
    humanAllowed: () => true,
    ...(clock === undefined ? {} : { clock }),
    dpop: {
      replayStore,
      ...(nonceSecret === undefined ? {} : { nonce: { secret: nonceSecret } }),
    },
  });
}

/** What {@link boundRequest} makes. */
export interface BoundRequestOptions {
  /** Seconds since the epoch: the token's `iat` and the proof's. Default now. */
  readonly nowSeconds?: number | undefined;
  /** The agent application (`azp`). Default `finance-agent`. */
  readonly agent?: string | undefined;
  /** Claims of the proof that replace or add to the defaults (`jti`, `iat`, `nonce`…). */
  readonly proof?: Record<string, unknown> | undefined;
}

/**
 * A GET of {@link URL_OF_API} with a DPoP-bound Keycloak token for human `user-123` (valid an
 * hour) and a proof of the one test key, with a random `jti` unless `proof` names one.
 */
export async function boundRequest(options: BoundRequestOptions = {}): Promise<Request> {
  const { nowSeconds = Math.floor(Date.now() / 1000), agent = 'finance-agent' } = options;
  const token = await new SignJWT({
    iss: ISSUER,
    aud: AUDIENCE,
    iat: nowSeconds,
    exp: nowSeconds + 3600,
    sub: 'service-account',
    typ: 'Bearer',
    azp: agent,
    scope: 'openid',
    realm_access: { roles: ['FinanceAgent'] },
    preferred_username: `service-account-${agent}`,
    act: { sub: 'user-123' },
    cnf: { jkt },
  })
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
    .sign(idp.privateKey);
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token));
  const proof = await new SignJWT({
    jti: crypto.randomUUID(),
    htm: 'GET',
    htu: URL_OF_API,
    iat: nowSeconds,
    ath: Buffer.from(digest).toString('base64url'),
    ...options.proof,
  })
    .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk })
    .sign(proofKey.privateKey);
  return new Request(URL_OF_API, { headers: { authorization: `DPoP ${token}`, dpop: proof } });
}
