import { beforeAll, describe, expect, it } from 'vitest';
import { accessTokenOptions, craftJws, type TestKey, testKey } from '../../test/jws-kit.js';
import { ActVerificationError } from '../errors/act-verification-error.js';
import { type SignatureVerifier, webCryptoSignatureVerifier } from './signature-verifier.js';
import { verifyJwt } from './verify-jwt.js';

// Attack on bounds (Session 10, breaker18): an unauthenticated client sends a token WITHOUT a
// `kid`. Every key of the issuer's JWKS then matches (jose's JWKSMultipleMatchingKeys) and
// verifyJwt tries a signature check with each one before refusing `bad_signature`: N RSA checks
// for one hostile request, where a valid token (every supported IdP sets `kid`) costs one.
// Concrete impact: CPU amplification × the JWKS size on every guarded route, for free (no
// credential needed); measured 8 keys → 8 checks, 2.0 ms vs 0.29 ms of wall time
// per request: 11× a valid token (median of 9 interleaved rounds of 300, load average 13–14).
// The JWKS size is the IdP's (up to `maxBytes`, 256 KiB ≈ 500 RSA keys), not the attacker's.
// Suggested fix: when the token names no `kid` and more than one key matches, try at most a
// small fixed number (1–2), or refuse `unknown_key` with a hint ("the IdP's tokens carry a kid");
// keep trying every key only under an explicit kid (rotation of duplicated kids).

const NOW_S = 1_800_000_000;
const ISS = 'https://idp.example.test/';
const AUD = 'finance-api';
const JWKS_SIZE = 8;

let published: TestKey[];
let forger: TestKey;

beforeAll(async () => {
  const keys = Array.from({ length: JWKS_SIZE }, (_, i) => testKey('RS256', `idp-key-${i}`));
  [forger, ...published] = await Promise.all([testKey('RS256', 'forger'), ...keys]);
});

function countingVerifier(): SignatureVerifier & { checks: number } {
  const counter = {
    name: 'counting',
    checks: 0,
    verify: (...args: Parameters<SignatureVerifier['verify']>) => {
      counter.checks += 1;
      return webCryptoSignatureVerifier.verify(...args);
    },
  };
  return counter;
}

function verify(token: string, signatureVerifier: SignatureVerifier) {
  const keys = published.map((key) => key.publicJwk);
  return verifyJwt(token, {
    ...accessTokenOptions(keys, { issuer: ISS, audience: AUD, nowS: NOW_S }),
    signatureVerifier,
  });
}

const claims = { iss: ISS, aud: AUD, sub: 'agent', iat: NOW_S, exp: NOW_S + 300 };

describe('attack: a forged token without kid against a JWKS of several keys', () => {
  it('a valid token with its kid costs one signature check (held)', async () => {
    const key = published[JWKS_SIZE - 1] as TestKey;
    const token = await craftJws({ alg: 'RS256', kid: key.publicJwk.kid }, claims, key.privateKey);
    const verifier = countingVerifier();
    await verify(token, verifier);
    expect(verifier.checks).toBe(1);
  });

  it('an unauthenticated forged token without kid is refused after at most 2 signature checks', async () => {
    const token = await craftJws({ alg: 'RS256' }, claims, forger.privateKey);
    const verifier = countingVerifier();
    const error = await verify(token, verifier).catch((e: unknown) => e);
    expect(ActVerificationError.isInstance(error)).toBe(true);
    // Today: JWKS_SIZE (8) checks, one per published key.
    expect(verifier.checks).toBeLessThanOrEqual(2);
  });
});
