import { beforeAll, describe, expect, it } from 'vitest';
import { craftJws } from '../../../core/test/jws-kit.js';
import { polluted } from '../../../core/test/polluted-prototype.js';
import { ACT_AUDIENCE as AUD, actJwtClaims, ACT_NOW_S as NOW } from '../../test/act-jwt-claims.js';
import { ManualClock } from '../../test/counting-adapter.js';
import { type TestKeyPair, testKeyPair } from '../../test/keys.js';
import { ActJwtVerifier } from './act-jwt-verifier.js';

const OTHER_AUD = 'https://other-agent.example.com/invoke';

let app: TestKeyPair;
beforeAll(async () => {
  app = await testKeyPair('RS256');
});

function actJwt(overrides: Record<string, unknown>): Promise<string> {
  return craftJws({ alg: 'RS256', typ: 'JWT' }, actJwtClaims(overrides), app.privateKey);
}

// A fresh verifier (its own replay store) of the app's key, for AUD.
function verifier(): ActJwtVerifier {
  return new ActJwtVerifier({
    publicKey: app.publicPem,
    expectedAudience: AUD,
    clock: new ManualClock(NOW * 1000),
  });
}

describe('ActJwtVerifier under a polluted Object.prototype', () => {
  it('keeps its own expectedAudience: an act JWT sent to another agent stays refused', async () => {
    const forOtherAgent = await actJwt({ aud: OTHER_AUD });
    const target = verifier();
    // Once accepted: verify() read expectedAudience from its `{}` default through the prototype.
    await polluted({ expectedAudience: OTHER_AUD }, () =>
      expect(target.verify(forOtherAgent)).rejects.toMatchObject({ reason: 'wrong_audience' }),
    );
  });

  it('keeps its issuer: a polluted expectedIssuer neither refuses the app nor admits another', async () => {
    const made = await polluted({ expectedIssuer: 'other-app' }, verifier);
    await expect(made.verify(await actJwt({}))).resolves.toMatchObject({ act: { sub: 'u-1' } });
    await expect(made.verify(await actJwt({ iss: 'other-app' }))).rejects.toMatchObject({
      reason: 'wrong_issuer',
    });
  });

  it('still takes a per-call expectedAudience given as an own property', async () => {
    const forOtherAgent = await actJwt({ aud: OTHER_AUD });
    await expect(
      verifier().verify(forOtherAgent, { expectedAudience: OTHER_AUD }),
    ).resolves.toMatchObject({ act: { sub: 'u-1' } });
  });
});
