import { expect, it } from 'vitest';
import { getConfig } from './get-config.js';

// Journey 8: a team moving from the Python library mistypes DUAL_AUTH_VENDOR. Python answered
// "Invalid vendor: 'keycloack'. Must be one of: keycloak, auth0, okta, entraid". Here the answer is
// "DUAL_AUTH_VENDOR=keycloack needs @dual-auth/adapter-keycloack: npm install
// @dual-auth/adapter-keycloack": an install command for a package that does not exist, and no
// word of the vendors that do (a "did you mean keycloak?" or the first-party list would do).
it('names the first-party vendors for a mistyped DUAL_AUTH_VENDOR', async () => {
  const message = await getConfig({ env: { DUAL_AUTH_VENDOR: 'keycloack' } }).then(
    () => 'resolved',
    (error: Error) => error.message,
  );
  expect(message).toMatch(/keycloak/);
});
