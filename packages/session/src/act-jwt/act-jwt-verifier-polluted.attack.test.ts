import { beforeAll, describe, expect, it } from 'vitest';
import { polluted } from '../../../core/test/polluted-prototype.js';
import { ManualClock } from '../../test/counting-adapter.js';
import { craftJwt } from '../../test/craft-jwt.js';
import { type TestKeyPair, testKeyPair } from '../../test/keys.js';
import { ActJwtVerifier } from './act-jwt-verifier.js';

const AUD = 'https://agent.example.com/invoke';
const OTHER_AUD = 'https://other-agent.example.com/invoke';
const NOW = 1_800_000_000;

let app: TestKeyPair;
beforeAll(async () => {
  app = await testKeyPair('RS256');
});

function actJwt(claims: Record<string, unknown>): Promise<string> {
  return craftJwt(
    { alg: 'RS256', typ: 'JWT' },
    {
      iss: 'application',
      sub: 'application',
      aud: AUD,
      exp: NOW + 60,
      iat: NOW,
      jti: `jti-${Math.random()}`,
      act: { sub: 'u-1', email: 'alice@example.com' },
      ...claims,
    },
    app.privateKey,
  );
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
