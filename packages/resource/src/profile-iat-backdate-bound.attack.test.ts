import { describe, expect, it } from 'vitest';
import { entraProfileGuardOptions } from '../test/support/entra-profile-options.js';
import { createDualAuthGuard } from './dual-auth-guard.js';
import { verifyDualSubjectToken } from './verify-dual-subject-token.js';

// Attack: the guard's cut-off judges an access token at `iat` plus the token profile's
// `iatBackdateSeconds`. A profile that declares a day (a unit slip, a wrapper spreading another
// profile, an in-house profile that means harm) would make every token minted up to a day before
// the human's `endDelegation` pass at the API. Refused when the guard is made, as
// `InSessionTokenRequest` refuses such an adapter: at most 600 s, twice Entra ID's 300.
describe('attack: a token profile declaring a huge iatBackdateSeconds', () => {
  const options = (iatBackdateSeconds: unknown) => entraProfileGuardOptions({ iatBackdateSeconds });

  it('refuses it with a TypeError naming the field, in the guard and in verifyDualSubjectToken', async () => {
    const message =
      "options.profile.iatBackdateSeconds must be at most 600 (seconds; Entra ID's is 300)";
    const day = await options(86_400);
    expect(() => createDualAuthGuard(day)).toThrow(new TypeError(message));
    // verifyDualSubjectToken takes the verification options only, not the guard's checks.
    const { agentAllowed: _agent, humanAllowed: _human, ...verify } = day;
    await expect(verifyDualSubjectToken('a.b.c', verify)).rejects.toThrow(new TypeError(message));
  });

  it('refuses one that is not a finite number >= 0', async () => {
    for (const seconds of [-1, Number.NaN, '300']) {
      const built = await options(seconds);
      expect(() => createDualAuthGuard(built)).toThrow(
        /^options\.profile\.iatBackdateSeconds must be a finite number >= 0/,
      );
    }
  });

  it("takes Entra ID's 300 and the bound, 600", async () => {
    for (const seconds of [300, 600, undefined]) {
      expect(createDualAuthGuard(await options(seconds))).toBeDefined();
    }
  });
});
