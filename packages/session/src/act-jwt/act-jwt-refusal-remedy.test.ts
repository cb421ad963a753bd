import { describe, expect, it } from 'vitest';
import { craftJws } from '../../../core/test/jws-kit.js';
import {
  ACT_AUDIENCE as AUD,
  actJwtClaims as claims,
  ACT_NOW_S as NOW,
} from '../../test/act-jwt-claims.js';
import { ManualClock } from '../../test/counting-adapter.js';
import { testKeyPair } from '../../test/keys.js';
import { ActJwtVerifier } from './act-jwt-verifier.js';

// Session 38 (opsmend): "Act JWT has expired" and "Act JWT was already used (replayed jti)" said
// what happened, not what to do. Each now names the remedy, keeping its reason and claim.
const RS256 = { alg: 'RS256', typ: 'JWT' };

async function refusalOf(token: string, advanceSeconds = 0) {
  const app = await testKeyPair('RS256');
  const clock = new ManualClock(NOW * 1000);
  const verifier = new ActJwtVerifier({ publicKey: app.publicPem, expectedAudience: AUD, clock });
  const signed = await craftJws(RS256, JSON.parse(token), app.privateKey);
  clock.advance(advanceSeconds);
  return { verifier, signed };
}

describe('ActJwtVerifier: a refusal says what to do', () => {
  it('an expired act JWT: sign a new one for each request, then the clocks', async () => {
    const { verifier, signed } = await refusalOf(JSON.stringify(claims()), 120);
    await expect(verifier.verify(signed)).rejects.toMatchObject({
      reason: 'expired',
      claim: 'exp',
      message:
        'Act JWT has expired ("exp"): sign a new act JWT for each request; if new ones are refused too, check the clocks (NTP)',
    });
  });

  it('a replayed act JWT: each is single-use, sign one per request (a retry too)', async () => {
    const { verifier, signed } = await refusalOf(JSON.stringify(claims()));
    await verifier.verify(signed);
    await expect(verifier.verify(signed)).rejects.toMatchObject({
      reason: 'replayed',
      claim: 'jti',
      message:
        'Act JWT was already used (replayed jti): each act JWT is single-use; sign a new one for each request, a retry too',
    });
  });
});
