import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { allSettledThenThrow } from '../../src/idp/all-settled-then-throw.js';
import type { LocalIdp, StartLocalIdpOptions } from '../../src/idp/local-idp.js';
import { startLocalIdp } from '../../src/idp/start-local-idp.js';

/** A client's DPoP key (RFC 9449 §4.1) and its RFC 7638 thumbprint, the `cnf.jkt` of its tokens. */
export interface ProofKey {
  readonly privateKey: CryptoKey;
  readonly jwk: JWK;
  readonly jkt: string;
}

export async function proofKey(): Promise<ProofKey> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk = await exportJWK(publicKey);
  return { privateKey, jwk, jkt: await calculateJwkThumbprint(jwk, 'sha256') };
}

/** A DPoP proof JWT (RFC 9449 §4.2) for a token request: POST to `htu` unless told. */
export function proof(
  key: ProofKey,
  claims: { htu: string; htm?: string; nonce?: string; iat?: number },
): Promise<string> {
  return new SignJWT({
    jti: crypto.randomUUID(),
    htm: claims.htm ?? 'POST',
    htu: claims.htu,
    iat: claims.iat ?? Math.floor(Date.now() / 1000),
    ...(claims.nonce === undefined ? {} : { nonce: claims.nonce }),
  })
    .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: key.jwk })
    .sign(key.privateKey);
}

/** What the local IdP's token endpoint answered: status, headers and JSON body. */
export interface TokenAnswer {
  status: number;
  headers: Headers;
  json: Record<string, unknown>;
}

/** A token request (RFC 6749 §3.2) to the local IdP, form-encoded, with a DPoP proof if given. */
export async function postToken(
  idp: LocalIdp,
  fields: Record<string, string>,
  dpop?: string,
): Promise<TokenAnswer> {
  const res = await idp.fetch(idp.tokenUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(dpop === undefined ? {} : { dpop }),
    },
    body: new URLSearchParams(fields).toString(),
  });
  return {
    status: res.status,
    headers: res.headers,
    json: (await res.json()) as Record<string, unknown>,
  };
}

/**
 * A local IdP and a client's DPoP key, made side by side; a refused start is thrown once the key
 * is made (see {@link allSettledThenThrow}).
 */
export function startIdpWithProofKey(options: StartLocalIdpOptions): Promise<[LocalIdp, ProofKey]> {
  return allSettledThenThrow([startLocalIdp(options), proofKey()]);
}
