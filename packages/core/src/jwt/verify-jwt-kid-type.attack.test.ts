import { beforeAll, describe, expect, it } from 'vitest';
import { accessTokenOptions, craftJws, type TestKey, testKey } from '../../test/jws-kit.js';
import { ActVerificationError } from '../errors/act-verification-error.js';
import { type SignatureVerifier, webCryptoSignatureVerifier } from './signature-verifier.js';
import { verifyJwt } from './verify-jwt.js';

// Attack (wave 25): the bound on a token naming no key (verify-jwt-no-kid.attack.test.ts: at
// most 2 signature checks, else `unknown_key` untried) looked at `kid === undefined` only. A
// JWKS resolver (jose's, and createRemoteJwks, built on it) ignores a `kid` that is not a string:
// a forged token with `"kid": 0`, `null`, `true`, `[]` or `{}` matched every key of the JWKS, and
// verifyJwt tried a signature check with each one before refusing: CPU × the JWKS size per
// unauthenticated request, as before the bound. RFC 7515 §4.1.4: `kid` is a case-sensitive string.

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

const claims = { iss: ISS, aud: AUD, sub: 'agent', iat: NOW_S, exp: NOW_S + 300 };

function verify(token: string, signatureVerifier: SignatureVerifier) {
  const keys = published.map((key) => key.publicJwk);
  return verifyJwt(token, {
    ...accessTokenOptions(keys, { issuer: ISS, audience: AUD, nowS: NOW_S }),
    signatureVerifier,
  });
}

describe('attack: a forged token whose kid is not a string, against a JWKS of several keys', () => {
  it.each([
    ['a number', 0],
    ['null', null],
    ['true', true],
    ['an array', ['idp-key-0']],
    ['an object', {}],
  ])('with kid %s is refused malformed, without a signature check', async (_name, kid) => {
    const token = await craftJws({ alg: 'RS256', kid }, claims, forger.privateKey);
    const verifier = countingVerifier();
    const error = await verify(token, verifier).catch((e: unknown) => e);
    expect(ActVerificationError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ reason: 'malformed', claim: 'kid' });
    expect(verifier.checks).toBe(0);
  });

  it('a genuine token with its string kid still verifies with one check (held)', async () => {
    const key = published[JWKS_SIZE - 1] as TestKey;
    const token = await craftJws({ alg: 'RS256', kid: key.publicJwk.kid }, claims, key.privateKey);
    const verifier = countingVerifier();
    await verify(token, verifier);
    expect(verifier.checks).toBe(1);
  });
});
