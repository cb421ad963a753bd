import { base64url, EmbeddedJWK, exportJWK, generateKeyPair, jwtVerify, SignJWT } from 'jose';
import type { DpopProofRequest } from '../src/dpop-proof.js';
import type { RecordedRequest, Reply } from './demo-api.js';

/** A client's DPoP key (RFC 9449 §4): makes proofs, each with a new `jti`, and counts them. */
export async function dpopKey() {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const jwk = await exportJWK(publicKey);
  const made: DpopProofRequest[] = [];
  const proof = async (request: DpopProofRequest): Promise<string> => {
    made.push(request);
    return new SignJWT({
      htm: request.method,
      htu: request.url,
      ath: await accessTokenHash(request.accessToken),
      ...(request.nonce === undefined ? {} : { nonce: request.nonce }),
    })
      .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk })
      .setJti(crypto.randomUUID())
      .setIssuedAt()
      .sign(privateKey);
  };
  return { proof, made };
}

async function accessTokenHash(accessToken: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(accessToken));
  return base64url.encode(new Uint8Array(digest));
}

/** How the DPoP resource server below is set up. */
export interface DpopApiRules {
  /** Tokens the API takes; any other is answered `DPoP error="invalid_token"`. */
  readonly valid: ReadonlySet<string>;
  /** The nonce a proof must carry, per request index; undefined: none asked for. */
  readonly nonce?: (index: number) => string | undefined;
  /** The `DPoP-Nonce` sent with a 200 answer, per request index (RFC 9449 §8.2: a new nonce). */
  readonly nextNonce?: (index: number) => string | undefined;
}

/**
 * A resource server's DPoP check (RFC 9449 §4.3, §7.1, §9), as the `reply` of a demo API: the
 * token must come as `Authorization: DPoP`, with one proof whose signature holds under its own
 * key, `typ` `dpop+jwt`, `htm`/`htu` of this request, `ath` of this token, a `jti` never seen
 * before, and the nonce asked for (else `use_dpop_nonce` with a `DPoP-Nonce`).
 */
export function dpopApi(url: () => string, rules: DpopApiRules) {
  const seenJti = new Set<string>();
  const refusals: string[] = [];
  const refuse = (error: string, extra: Record<string, string> = {}): Reply => {
    refusals.push(error);
    return {
      status: 401,
      headers: { 'www-authenticate': `DPoP algs="ES256", error="${error}"`, ...extra },
    };
  };
  const reply = async (request: RecordedRequest, index: number): Promise<Reply> => {
    const [scheme, accessToken] = (request.headers.authorization ?? '').split(' ');
    const proof = request.headers.dpop;
    if (scheme !== 'DPoP' || accessToken === undefined || typeof proof !== 'string') {
      return refuse('invalid_request');
    }
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(proof, EmbeddedJWK, {
        typ: 'dpop+jwt',
        algorithms: ['ES256'],
      }));
    } catch {
      return refuse('invalid_dpop_proof');
    }
    const htu = new URL(request.path, url());
    htu.search = '';
    if (
      payload.htm !== request.method ||
      payload.htu !== htu.href ||
      payload.ath !== (await accessTokenHash(accessToken)) ||
      typeof payload.jti !== 'string' ||
      seenJti.has(payload.jti)
    ) {
      return refuse('invalid_dpop_proof');
    }
    seenJti.add(payload.jti);
    const nonce = rules.nonce?.(index);
    if (nonce !== undefined && payload.nonce !== nonce) {
      return refuse('use_dpop_nonce', { 'dpop-nonce': nonce });
    }
    if (!rules.valid.has(accessToken)) return refuse('invalid_token');
    const next = rules.nextNonce?.(index);
    return next === undefined ? { status: 200 } : { status: 200, headers: { 'dpop-nonce': next } };
  };
  return { reply, refusals };
}
