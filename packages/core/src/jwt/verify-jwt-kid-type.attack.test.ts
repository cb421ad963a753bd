import { describe, expect, it } from 'vitest';
import { craftJws } from '../../test/jws-kit.js';
import {
  countingVerifier,
  jwksClaims,
  severalKeyJwksPerFile,
} from '../../test/several-key-jwks.js';
import { ActVerificationError } from '../errors/act-verification-error.js';

// Attack (wave 25): the bound on a token naming no key (verify-jwt-no-kid.attack.test.ts: at
// most 2 signature checks, else `unknown_key` untried) looked at `kid === undefined` only. A
// JWKS resolver (jose's, and createRemoteJwks, built on it) ignores a `kid` that is not a string:
// a forged token with `"kid": 0`, `null`, `true`, `[]` or `{}` matched every key of the JWKS, and
// verifyJwt tried a signature check with each one before refusing: CPU × the JWKS size per
// unauthenticated request, as before the bound. RFC 7515 §4.1.4: `kid` is a case-sensitive string.

const jwks = severalKeyJwksPerFile();

describe('attack: a forged token whose kid is not a string, against a JWKS of several keys', () => {
  it.each([
    ['a number', 0],
    ['null', null],
    ['true', true],
    ['an array', ['idp-key-0']],
    ['an object', {}],
  ])('with kid %s is refused malformed, without a signature check', async (_name, kid) => {
    const token = await craftJws({ alg: 'RS256', kid }, jwksClaims, jwks.forger.privateKey);
    const verifier = countingVerifier();
    const error = await jwks.verify(token, verifier).catch((e: unknown) => e);
    expect(ActVerificationError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ reason: 'malformed', claim: 'kid' });
    expect(verifier.checks).toBe(0);
  });

  it('a genuine token with its string kid still verifies with one check (held)', async () => {
    expect(await jwks.checksOfGenuineToken()).toBe(1);
  });
});
