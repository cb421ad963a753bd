import { describe, expect, it } from 'vitest';
import { craftJws } from '../../test/jws-kit.js';
import {
  countingVerifier,
  jwksClaims,
  severalKeyJwksPerFile,
} from '../../test/several-key-jwks.js';
import { ActVerificationError } from '../errors/act-verification-error.js';

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

const jwks = severalKeyJwksPerFile();

describe('attack: a forged token without kid against a JWKS of several keys', () => {
  it('a valid token with its kid costs one signature check (held)', async () => {
    expect(await jwks.checksOfGenuineToken()).toBe(1);
  });

  it('an unauthenticated forged token without kid is refused after at most 2 signature checks', async () => {
    const token = await craftJws({ alg: 'RS256' }, jwksClaims, jwks.forger.privateKey);
    const verifier = countingVerifier();
    const error = await jwks.verify(token, verifier).catch((e: unknown) => e);
    expect(ActVerificationError.isInstance(error)).toBe(true);
    // Today: JWKS_SIZE (8) checks, one per published key.
    expect(verifier.checks).toBeLessThanOrEqual(2);
  });
});
