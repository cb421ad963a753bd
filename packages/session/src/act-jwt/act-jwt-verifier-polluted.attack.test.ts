import { describe, expect, it } from 'vitest';
import { craftJws } from '../../../core/test/jws-kit.js';
import { polluted } from '../../../core/test/polluted-prototype.js';
import { actJwtAppPerFile } from '../../test/act-jwt-app.js';
import { actJwtClaims } from '../../test/act-jwt-claims.js';

const OTHER_AUD = 'https://other-agent.example.com/invoke';

const app = actJwtAppPerFile();

function actJwt(overrides: Record<string, unknown>): Promise<string> {
  return craftJws({ alg: 'RS256', typ: 'JWT' }, actJwtClaims(overrides), app.privateKey);
}

describe('ActJwtVerifier under a polluted Object.prototype', () => {
  it('keeps its own expectedAudience: an act JWT sent to another agent stays refused', async () => {
    const forOtherAgent = await actJwt({ aud: OTHER_AUD });
    const target = app.verifier();
    // Once accepted: verify() read expectedAudience from its `{}` default through the prototype.
    await polluted({ expectedAudience: OTHER_AUD }, () =>
      expect(target.verify(forOtherAgent)).rejects.toMatchObject({ reason: 'wrong_audience' }),
    );
  });

  it('keeps its issuer: a polluted expectedIssuer neither refuses the app nor admits another', async () => {
    const made = await polluted({ expectedIssuer: 'other-app' }, () => app.verifier());
    await expect(made.verify(await actJwt({}))).resolves.toMatchObject({ act: { sub: 'u-1' } });
    await expect(made.verify(await actJwt({ iss: 'other-app' }))).rejects.toMatchObject({
      reason: 'wrong_issuer',
    });
  });

  it('still takes a per-call expectedAudience given as an own property', async () => {
    const forOtherAgent = await actJwt({ aud: OTHER_AUD });
    await expect(
      app.verifier().verify(forOtherAgent, { expectedAudience: OTHER_AUD }),
    ).resolves.toMatchObject({ act: { sub: 'u-1' } });
  });
});
