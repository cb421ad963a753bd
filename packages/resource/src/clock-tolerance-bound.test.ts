import { describe, expect, it } from 'vitest';
import { keycloakGuardOptions } from '../test/support/keycloak-guard-options.js';
import { createSigningKey } from '../test/support/token-kit.js';
import { createDualAuthGuard } from './dual-auth-guard.js';

// 15000 (milliseconds by mistake) made a guard accept tokens ~4 h past exp.
const TOO_LONG =
  /options\.clockToleranceSeconds must be at most 300 seconds .*: seconds, not milliseconds\?$/;

const idpKey = await createSigningKey('idp-1');

describe('a guard’s clockToleranceSeconds', () => {
  it('is refused above 300 seconds, as milliseconds given for seconds', () => {
    expect(() =>
      createDualAuthGuard({
        ...keycloakGuardOptions(idpKey.publicJwk),
        clockToleranceSeconds: 15_000,
      }),
    ).toThrow(TOO_LONG);
  });

  it('is taken at 300 seconds', () => {
    expect(() =>
      createDualAuthGuard({
        ...keycloakGuardOptions(idpKey.publicJwk),
        clockToleranceSeconds: 300,
      }),
    ).not.toThrow();
  });
});
