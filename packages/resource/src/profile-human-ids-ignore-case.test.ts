import { describe, expect, it } from 'vitest';
import { entraProfileGuardOptions } from '../test/support/entra-profile-options.js';
import { IDP_PROFILES } from '../test/support/idp-vendors.js';
import { createDualAuthGuard } from './dual-auth-guard.js';

// A profile's `humanIdsIgnoreCase` makes the guard read the human's cut-off under the folded id
// too. A value that is not a boolean ("true" from a config file) would be read as false, the cut-off
// looked up in one spelling only: refused when the guard is made.
describe("a token profile's humanIdsIgnoreCase", () => {
  const options = (humanIdsIgnoreCase: unknown) => entraProfileGuardOptions({ humanIdsIgnoreCase });

  it('refuses one that is not a boolean, naming the field', async () => {
    for (const value of ['true', 1, null]) {
      const built = await options(value);
      expect(() => createDualAuthGuard(built)).toThrow(
        new TypeError('options.profile.humanIdsIgnoreCase must be true, false or absent'),
      );
    }
  });

  it('takes true, false and absent', async () => {
    for (const value of [true, false, undefined]) {
      expect(createDualAuthGuard(await options(value))).toBeDefined();
    }
  });

  it('is true where the vendor names an account by every case of its id, absent elsewhere', () => {
    expect(IDP_PROFILES.entraid.humanIdsIgnoreCase).toBe(true);
    expect(IDP_PROFILES.keycloak.humanIdsIgnoreCase).toBe(true);
    expect(IDP_PROFILES.okta.humanIdsIgnoreCase).toBeUndefined();
    expect(IDP_PROFILES.auth0.humanIdsIgnoreCase).toBeUndefined();
  });
});
