import { beforeAll, describe, expect, it } from 'vitest';
import { craftJws, type TestKey, testKey } from '../../test/jws-kit.js';
import { ActVerificationError } from '../errors/act-verification-error.js';
import { parseCompactJws } from './parse-compact-jws.js';
import { type VerifyJwtOptions, verifyParsedJwt } from './verify-jwt.js';

const NOW_S = 1_800_000_000;
const ISS = 'https://idp.example.test/';
const CLAIMS = { iss: ISS, aud: 'finance-api', iat: NOW_S, exp: NOW_S + 300 };

let rsa: TestKey;
let ec: TestKey;
beforeAll(async () => {
  [rsa, ec] = await Promise.all([testKey('RS256'), testKey('ES256')]);
});

const options = (extra: Partial<VerifyJwtOptions> = {}): VerifyJwtOptions => ({
  label: 'Access token',
  keys: rsa.publicKey,
  algorithms: ['RS256'],
  issuer: ISS,
  audience: 'finance-api',
  nowMs: NOW_S * 1000,
  clockToleranceSeconds: 5,
  maxTokenBytes: 8192,
  ...extra,
});

// A caller that reads the token to choose its keys (resource's IssuerKeyMap) verifies those parts.
describe('verifyParsedJwt', () => {
  it('verifies the parts parseCompactJws read, as verifyJwt verifies the token', async () => {
    const token = await craftJws({ alg: 'RS256', typ: 'JWT' }, CLAIMS, rsa.privateKey);
    const jws = parseCompactJws(token, options());
    const verified = await verifyParsedJwt(jws, options());
    expect(verified.claims.iss).toBe(ISS);
    const forged = { ...jws, signature: new Uint8Array(jws.signature.length) };
    await expect(verifyParsedJwt(forged, options())).rejects.toMatchObject({
      reason: 'bad_signature',
    });
  });

  it('refuses parts whose algorithm its own options do not allow', async () => {
    const token = await craftJws({ alg: 'ES256', typ: 'JWT' }, CLAIMS, ec.privateKey);
    const jws = parseCompactJws(token, options({ algorithms: ['ES256'] }));
    const refusal = await verifyParsedJwt(jws, options({ keys: ec.publicKey })).catch((e) => e);
    expect(ActVerificationError.isInstance(refusal)).toBe(true);
    expect(refusal).toMatchObject({ reason: 'unsupported_algorithm', claim: 'alg' });
    expect(String(refusal.message)).toMatch(/^Access token /);
  });
});
