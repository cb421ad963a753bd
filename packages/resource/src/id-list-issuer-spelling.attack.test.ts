import { beforeAll, expect, it } from 'vitest';
import {
  createSigningKey,
  fixedClock,
  PROFILE,
  type SigningKey,
} from '../test/support/token-kit.js';
import { REALM_A, requestFrom } from '../test/support/two-realms.js';
import { createDualAuthGuard } from './dual-auth-guard.js';
import { agentIn, humanIn, type IdListOptions } from './subject-checks.js';

// Attack (session 34, reviewd): a token's `iss` must equal one of the guard's `issuer` exactly, and
// an id list's `{ issuer }` is compared to that `iss` exactly too. A list scoped to another
// spelling of the guard's issuer (a trailing slash, a host in capitals, Entra's v1 issuer beside a
// guard of v2 only) was taken at creation and then matched no token ever: every request of the
// listed humans was refused 403 "human not authorized", nothing saying the list could never match.

let key: SigningKey;
beforeAll(async () => {
  key = await createSigningKey('realm-a');
});

const guardWith = (issuer: IdListOptions['issuer']) => () =>
  createDualAuthGuard({
    profile: PROFILE.keycloak,
    clock: fixedClock,
    issuer: REALM_A,
    audience: 'finance-api',
    keys: key.publicJwk,
    agentAllowed: agentIn(['finance-agent'], { issuer: REALM_A }),
    humanAllowed: humanIn(['user-123'], issuer === undefined ? undefined : { issuer }),
  });

it.each([
  ['a trailing slash', `${REALM_A}/`],
  ['a host in capitals', REALM_A.replace('kc.example.test', 'KC.EXAMPLE.TEST')],
  ['two issuers, neither the guard’s', [`${REALM_A}/`, 'https://kc.example.test/realms/tenant-c']],
])(
  'a guard refuses at creation an id list scoped to an issuer it does not trust (%s)',
  (_, issuer) => {
    const build = guardWith(issuer);
    expect(build).toThrow(TypeError);
    expect(build).toThrow(
      /options\.humanAllowed is humanIn\(\[…\]\) for an issuer the guard does not trust/,
    );
    expect(build).toThrow(/options\.issuer exactly/);
  },
);

it.each([
  ['the guard’s issuer as written', REALM_A],
  ['no issuer, on a guard of one IdP', undefined],
])('a list scoped to %s allows the listed human', async (_, issuer) => {
  const guard = guardWith(issuer)();
  expect((await guard.checkRequest(await requestFrom(REALM_A, key))).decision).toBe('ALLOW');
});
