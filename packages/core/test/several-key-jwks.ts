import { beforeAll } from 'vitest';
import { type SignatureVerifier, verifyJwt, webCryptoSignatureVerifier } from '../src/jwt/index.js';
import { accessTokenOptions, craftJws, type TestKey, testKey } from './jws-kit.js';

const NOW_S = 1_800_000_000;
const ISS = 'https://idp.example.test/';
const AUD = 'finance-api';
/** How many keys the issuer publishes. */
export const JWKS_SIZE = 8;

/** The claims of a token that passes every claim check: only its key and signature decide. */
export const jwksClaims = { iss: ISS, aud: AUD, sub: 'agent', iat: NOW_S, exp: NOW_S + 300 };

/** A {@link SignatureVerifier} (Web Crypto's) that counts the signature checks it makes. */
export function countingVerifier(): SignatureVerifier & { checks: number } {
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

/**
 * An issuer's JWKS of {@link JWKS_SIZE} RS256 keys (`idp-key-0` …), and a forger's key that is
 * not in it: the set-up of the attacks on how many signature checks one token may cost.
 */
export interface SeveralKeyJwks {
  readonly forger: TestKey;
  /** verifyJwt of `token` against the published keys, checking signatures with `verifier`. */
  verify(token: string, verifier: SignatureVerifier): ReturnType<typeof verifyJwt>;
  /** How many signature checks a genuine token, signed by the last key with its kid, cost. */
  checksOfGenuineToken(): Promise<number>;
}

async function severalKeyJwks(): Promise<SeveralKeyJwks> {
  const keys = Array.from({ length: JWKS_SIZE }, (_, i) => testKey('RS256', `idp-key-${i}`));
  const [forger, ...published] = await Promise.all([testKey('RS256', 'forger'), ...keys]);
  const verify = (token: string, signatureVerifier: SignatureVerifier) =>
    verifyJwt(token, {
      ...accessTokenOptions(
        published.map((key) => key.publicJwk),
        { issuer: ISS, audience: AUD, nowS: NOW_S },
      ),
      signatureVerifier,
    });
  return {
    forger: forger as TestKey,
    verify,
    async checksOfGenuineToken() {
      const key = published[JWKS_SIZE - 1] as TestKey;
      const header = { alg: 'RS256', kid: key.publicJwk.kid };
      const token = await craftJws(header, jwksClaims, key.privateKey);
      const verifier = countingVerifier();
      await verify(token, verifier);
      return verifier.checks;
    },
  };
}

/**
 * The {@link SeveralKeyJwks} of this test file, made once before its tests (keys take a while to
 * generate): read it inside a test, not at import.
 */
export function severalKeyJwksPerFile(): SeveralKeyJwks {
  let jwks: SeveralKeyJwks | undefined;
  beforeAll(async () => {
    jwks = await severalKeyJwks();
  });
  const current = (): SeveralKeyJwks => {
    if (jwks === undefined) throw new Error('severalKeyJwksPerFile: read inside a test');
    return jwks;
  };
  return {
    get forger() {
      return current().forger;
    },
    verify: (token, verifier) => current().verify(token, verifier),
    checksOfGenuineToken: () => current().checksOfGenuineToken(),
  };
}
