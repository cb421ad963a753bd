import type { ActVerificationReason } from '@dual-auth/core';
import {
  checkJwtWindow,
  defaultSignatureVerifier,
  type JwtWindowWording,
  keyFitsAlgorithm,
  keyLookupFor,
  MAX_JTI_LENGTH,
  type ParsedCompactJws,
  parseCompactJws,
  parseJsonObject,
  refuseJwt,
} from '@dual-auth/core/jwt';
import { calculateJwkThumbprint, type JWK } from 'jose';
import { accessTokenDigest } from './access-token-digest.js';
import { repeated } from './bearer-credentials.js';
import { hasDotSegments, isWrittenAsUri, sameHtu } from './dpop-htu.js';
import { type AcceptedNonce, MAX_MAX_AGE_SECONDS } from './dpop-nonce.js';
import type { ResolvedDpop } from './dpop-options.js';
import { DualSubjectVerificationError } from './dual-subject-verification-error.js';

const LABEL = 'DPoP proof';
// A proof is a header with a public key and six short claims: 8 KiB fits an RSA-4096 key twice.
const MAX_PROOF_LENGTH = 8192;
// RFC 7517 §4 / RFC 7518 §6: the members that hold private or symmetric key material.
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];
// Any client picks the proof key, verified before its token is: an RSA exponent as long as the
// modulus costs a private-key operation (~10 ms at 3072 bits), a 16 384-bit modulus ~2-4 ms,
// against ~0.2 ms for RSA-2048 with 65537. So at most 4096 bits and a 32-bit exponent (BoringSSL
// allows 33), as base64url lengths (RFC 7518 §6.3.1): 683 characters hold at most 512 bytes, 6 at
// most 4; a decoder that skips characters only makes fewer bytes.
const MAX_RSA_MODULUS_CHARS = 683;
const MAX_RSA_EXPONENT_CHARS = 6;

const withinLength = (value: unknown, max: number) =>
  typeof value === 'string' && value.length > 0 && value.length <= max;

// An RSA key a proof may carry: a modulus of at most 4096 bits and a short public exponent.
function affordableKey(jwk: Readonly<Record<string, unknown>>): boolean {
  return (
    jwk.kty !== 'RSA' ||
    (withinLength(jwk.n, MAX_RSA_MODULUS_CHARS) && withinLength(jwk.e, MAX_RSA_EXPONENT_CHARS))
  );
}

/** The request a proof must have been made for (RFC 9449 §4.3 points 8–9, §4.2 `ath`). */
export interface DpopRequest {
  proof: string | null | undefined;
  method: string;
  /** The URL the request was received at, absolute; query and fragment are ignored. */
  url: string;
  accessToken: string;
}

/** A proof that verified, before its `jti` is claimed. */
export interface VerifiedDpopProof {
  /** The JWK SHA-256 thumbprint (RFC 7638) of its key: what `cnf.jkt` must equal (§6.1). */
  jkt: string;
  jti: string;
  /** Seconds since the epoch. */
  iat: number;
  /**
   * The last second it may be accepted (its `iat`'s window; with a nonce, the nonce's when that
   * ends later, as an instance with `creationTimeFrom: 'nonce'` accepts it that long), with the
   * clock tolerance: how long its `jti` must be remembered.
   */
  acceptedUntilSeconds: number;
  /** True when it carried the nonce the guard issues now (`dpop.nonce`): none goes back. */
  currentNonce: boolean;
  /** True when its payload has a `nonce` string, checked or not (a guard without `dpop.nonce`). */
  carriesNonce: boolean;
}

// Core's compact-JWS reader (size cap, canonical base64url, allowed `alg`, no `crit`).
function parsedProof(proof: string | null | undefined, dpop: ResolvedDpop): ParsedCompactJws {
  if (proof?.includes(',')) throw repeated('dpop_proof', 'DPoP');
  const value = proof?.trim();
  if (!value) {
    refuseJwt(LABEL, 'missing_claim', 'is missing: send one "DPoP" header with the DPoP scheme', {
      claim: 'DPoP',
    });
  }
  return parseCompactJws(value, {
    label: LABEL,
    maxTokenBytes: MAX_PROOF_LENGTH,
    algorithms: dpop.algorithms,
  });
}

function publicJwkOf(header: Readonly<Record<string, unknown>>): JWK {
  if (typeof header.typ !== 'string' || header.typ.toLowerCase() !== 'dpop+jwt') {
    refuseJwt(LABEL, 'malformed', 'must have "typ" "dpop+jwt" (RFC 9449 section 4.2)', {
      claim: 'typ',
    });
  }
  const { jwk } = header;
  if (
    typeof jwk !== 'object' ||
    jwk === null ||
    Array.isArray(jwk) ||
    PRIVATE_MEMBERS.some((member) => Object.hasOwn(jwk, member))
  ) {
    refuseJwt(LABEL, 'malformed', 'must carry its public key, and no private one, in "jwk"', {
      claim: 'jwk',
    });
  }
  if (!affordableKey(jwk as Record<string, unknown>)) {
    refuseJwt(
      LABEL,
      'malformed',
      'must carry an RSA key of ≤ 4096 bits, exponent 65537, in "jwk"',
      {
        claim: 'jwk',
      },
    );
  }
  return jwk as JWK;
}

// The proof's own key verifies it (RFC 9449 §4.3 point 7): imported by core as any JWK it reads.
async function checkSignature(jws: ParsedCompactJws, jwk: JWK): Promise<void> {
  const key = await keyLookupFor(jwk)(jws)
    .then((keys) => keys[0])
    .catch(() => undefined);
  if (key === undefined || !keyFitsAlgorithm(key, jws.alg)) {
    refuseJwt(LABEL, 'malformed', 'must carry a public key for its "alg" in "jwk"', {
      claim: 'jwk',
    });
  }
  const verifier = defaultSignatureVerifier(jws.alg, 1);
  if (!(await verifier.verify(jws.alg, key, jws.signingInput, jws.signature))) {
    refuseJwt(
      LABEL,
      'bad_signature',
      'has an invalid signature: sign it with the private key of the public key in its "jwk"',
    );
  }
}

// RFC 9449 §4.2: what each claim of a proof holds, the remedy of a proof without it or with
// another one. Never the value the API expected: the URL's query, the token's digest.
const ATH =
  'set "ath" to the base64url SHA-256 of the access token sent with it (RFC 9449 section 4.2)';
const HTM = `set "htm" to the request's method (RFC 9449 section 4.2)`;
const HTU =
  'set "htu" to the URL the request is sent to, without its query and fragment (RFC 9449 section 4.2)';
const REMEDIES: Readonly<Record<string, string>> = {
  jti: 'give each proof a new unique "jti" (RFC 9449 section 4.2)',
  htm: HTM,
  htu: HTU,
  ath: ATH,
  iat: 'set "iat" to the time the proof is made, in seconds since the epoch (RFC 9449 section 4.2)',
};

function missing(claim: string): never {
  return refuseJwt(LABEL, 'missing_claim', `has no "${claim}" claim: ${REMEDIES[claim]}`, {
    claim,
  });
}

function stringClaim(payload: Record<string, unknown>, claim: string): string {
  const value = payload[claim];
  if (typeof value !== 'string' || value === '') missing(claim);
  return value;
}

// The client is told to name the URL it calls (and, with `publicBaseUrl`, which one that is: the
// operator's setting, never the request's query); the operator, in the log, what it is compared to.
function refuseHtu(publicBaseUrl: URL | undefined): never {
  const base = publicBaseUrl?.href.replace(/\/$/, '');
  throw new DualSubjectVerificationError({
    credential: 'dpop_proof',
    reason: 'binding_mismatch',
    claim: 'htu',
    message: `${LABEL} was made for another URL ("htu"): ${HTU}${base === undefined ? '' : `; this API compares it with ${base} followed by the path of the request`}`,
    hint:
      base === undefined
        ? 'htu is compared with the URL this server received (Host header and path): behind a proxy that changes it, set options.dpop.publicBaseUrl to the URL clients call'
        : "htu is compared with options.dpop.publicBaseUrl followed by the request's path: check that it is the URL clients call",
  });
}

function refuseUnless(
  condition: boolean,
  reason: ActVerificationReason,
  claim: string,
  phrase: string,
): void {
  if (!condition) refuseJwt(LABEL, reason, phrase, { claim });
}

// RFC 7519 §4.1.4, §4.1.5: a proof may carry `exp` and `nbf` (RFC 9449 §4.2 allows other
// claims); a JWT past the one or before the other is not accepted, whatever the API's window.
// Core checks them as it checks every JWT's, in words that name the proof's remedy. A JSON number
// such as 1e309 parses to Infinity: malformed, not a proof that never expires.
const WINDOW_WORDING: JwtWindowWording = {
  notANumber: (claim) =>
    `has an "${claim}" that is not a number of seconds: leave it out or send one`,
  expired: 'has expired ("exp"): make a new proof for each request',
  notYetValid: 'is not valid yet ("nbf"): check the client\'s clock',
};

async function checkClaims(
  payload: Record<string, unknown>,
  request: DpopRequest,
  dpop: ResolvedDpop,
  time: { nowMs: number; toleranceSeconds: number },
  nonce: AcceptedNonce | undefined,
): Promise<{ iat: number; acceptedUntilSeconds: number }> {
  const jti = stringClaim(payload, 'jti');
  refuseUnless(
    jti.length <= MAX_JTI_LENGTH,
    'malformed',
    'jti',
    `has a "jti" over ${MAX_JTI_LENGTH} characters: give each proof a new unique one, shorter (a UUID)`,
  );
  const htm = stringClaim(payload, 'htm');
  refuseUnless(
    htm === request.method,
    'binding_mismatch',
    'htm',
    `was made for another method ("htm"): ${HTM}`,
  );
  const htu = stringClaim(payload, 'htu');
  // RFC 3986 §6 would remove them, but a client's htu is the URL it sends, which has none: a
  // proof that has them is refused as a non-canonical encoding, not compared after normalising.
  refuseUnless(
    !hasDotSegments(htu),
    'malformed',
    'htu',
    'has dot segments ("." or "..") in "htu": use the URL the request is sent to, without them',
  );
  // The same of the URL received: URL parsing would remove its dot segments before comparing,
  // but Express and Fastify route the path as written, so /api/x/../balance would reach an
  // /api/x/* handler with a proof made for /api/balance.
  refuseUnless(
    !hasDotSegments(request.url),
    'binding_mismatch',
    'htu',
    `was sent to a URL with dot segments ("." or ".."): send the request to the URL "htu" names, without them`,
  );
  refuseUnless(
    isWrittenAsUri(htu),
    'malformed',
    'htu',
    'has an "htu" that is not an absolute URL as RFC 3986 writes it (a scheme, "//", the host without a user name or password, no spaces, controls or backslashes): use the URL the request is sent to',
  );
  if (!sameHtu(htu, request.url, dpop.publicBaseUrl)) refuseHtu(dpop.publicBaseUrl);
  const ath = stringClaim(payload, 'ath');
  refuseUnless(
    ath === (await accessTokenDigest(request.accessToken)),
    'binding_mismatch',
    'ath',
    `was made for another access token ("ath"): ${ATH}`,
  );
  const { iat } = payload;
  if (typeof iat !== 'number' || !Number.isFinite(iat)) missing('iat');
  // RFC 9449 §4.3 point 11: the nonce's issue time, which this API wrote, dates the proof.
  // An instance checking iat (without dpop.nonce, or with 'iat') accepts the proof until iat's
  // window ends, however far ahead a fast client clock put it: remembered that long here too.
  const iatUntil = iat + dpop.proofMaxAgeSeconds + time.toleranceSeconds;
  const nowSeconds = time.nowMs / 1000;
  checkJwtWindow(payload, LABEL, nowSeconds, time.toleranceSeconds, WINDOW_WORDING);
  const skew = `${time.toleranceSeconds} seconds of clock skew`;
  if (nonce !== undefined && dpop.nonces?.creationTimeFrom === 'nonce') {
    // Bounds how long its jti is kept (a replay store keeps a claim at most a year).
    refuseUnless(
      iat <= nowSeconds + MAX_MAX_AGE_SECONDS + time.toleranceSeconds,
      'issued_in_future',
      'iat',
      `is dated more than ${MAX_MAX_AGE_SECONDS} seconds in the future ("iat"): set the client's clock`,
    );
    return { iat, acceptedUntilSeconds: Math.max(iatUntil, nonce.acceptedUntilSeconds) };
  }
  refuseUnless(
    iat <= nowSeconds + time.toleranceSeconds,
    'issued_in_future',
    'iat',
    `is dated in the future ("iat"): check the client's clock; this API allows ${skew}`,
  );
  refuseUnless(
    iat >= nowSeconds - dpop.proofMaxAgeSeconds - time.toleranceSeconds,
    'expired',
    'iat',
    `is too old ("iat"): make a new proof for each request and check the client's clock; this API accepts proofs up to ${dpop.proofMaxAgeSeconds} seconds old, with ${skew}`,
  );
  // Its jti is remembered as long as any instance sharing the replay store may accept it: one
  // dating proofs by their nonce (the default) does so until the nonce expires, past iat's window.
  // Without dpop.nonce this instance cannot read the nonce's issue time nor know the other
  // instances' maxAgeSeconds: a proof carrying a nonce is remembered for the longest window any
  // guard allows (issued now at the latest, on a clock up to the tolerance ahead). Counted from
  // the end of its iat window (now or later, checked above), not from now: a replay must get the
  // expiry of the first claim, or a full InMemoryReplayStore share that forgot the proof would
  // take the replay, expiring later than anything it forgot, as new.
  const nonceUntil =
    nonce !== undefined
      ? nonce.acceptedUntilSeconds
      : dpop.nonces === undefined && typeof payload.nonce === 'string'
        ? iatUntil + MAX_MAX_AGE_SECONDS + 2 * time.toleranceSeconds
        : iatUntil;
  return { iat, acceptedUntilSeconds: Math.max(iatUntil, nonceUntil) };
}

async function verifyProof(
  request: DpopRequest,
  dpop: ResolvedDpop,
  time: { nowMs: number; toleranceSeconds: number },
): Promise<VerifiedDpopProof> {
  const jws = parsedProof(request.proof, dpop);
  const jwk = publicJwkOf(jws.header);
  const payload = parseJsonObject(jws.payload);
  // Before the signature too: a payload with no nonce to check must not skip to the key import.
  if (payload === undefined)
    refuseJwt(LABEL, 'malformed', 'payload is not a JSON object naming no member twice');
  // RFC 9449 §9: the nonce needs no key, so it goes before the key import and the signature: a
  // caller without a nonce of ours costs one HMAC at most.
  const nonce =
    dpop.nonces === undefined
      ? undefined
      : await dpop.nonces.check(payload.nonce, time.nowMs, time.toleranceSeconds);
  // The claims need no key either: a proof for another URL, method or token, or too old, is
  // refused before the key import and the signature. It is never claimed in the replay store, so
  // the same bytes could be sent again and again, each costing a public-key operation.
  const { iat, acceptedUntilSeconds } = await checkClaims(payload, request, dpop, time, nonce);
  await checkSignature(jws, jwk);
  return {
    jkt: await calculateJwkThumbprint(jwk, 'sha256'),
    jti: payload.jti as string,
    iat,
    acceptedUntilSeconds,
    currentNonce: nonce?.current ?? false,
    carriesNonce: typeof payload.nonce === 'string',
  };
}

/**
 * Verifies a DPoP proof (RFC 9449 §4.3) for `request`: one compact JWS, `typ` `dpop+jwt`, an
 * accepted asymmetric `alg`, a public `jwk` (no private members) whose signature verifies,
 * `htm` equal to the method, `htu` equal to the request's URL without query and fragment after
 * RFC 3986 §6 normalisation (or `publicBaseUrl` and the request's path), `ath` the base64url
 * SHA-256 of the access token (§4.2), and `iat` no older than `proofMaxAgeSeconds` nor newer than
 * now, both with the clock tolerance (with `dpop.nonce`, by default, the nonce's window instead:
 * §4.3 point 11), and an `exp` or `nbf` it carries passed, or not reached, within that tolerance
 * (RFC 7519 §4.1.4, §4.1.5). Its `jti` is claimed later, once the token verified (see
 * `claimDpopProof`). Its claims, and with `dpop.nonce` its `nonce` (§9), are checked before its
 * signature: a proof they refuse costs no key import nor signature check.
 *
 * @throws DualSubjectVerificationError for credential `dpop_proof`.
 */
export function verifyDpopProof(
  request: DpopRequest,
  dpop: ResolvedDpop,
  time: { nowMs: number; toleranceSeconds: number },
): Promise<VerifiedDpopProof> {
  return DualSubjectVerificationError.refusing('dpop_proof', () =>
    verifyProof(request, dpop, time),
  );
}
