import { createLocalJWKSet } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  accessToken,
  createSigningKey,
  fixedClock,
  PROFILE,
  type SigningKey,
} from '../test/support/token-kit.js';
import { REALM_A, REALM_B, requestFrom, twoRealmGuard } from '../test/support/two-realms.js';
import { cachedCheck } from './cached-check.js';
import { createDualAuthGuard, type DualAuthGuardOptions } from './dual-auth-guard.js';
import { actorIn, agentIn, humanHasRole, humanIn } from './subject-checks.js';

// Attack (session 34): ids are unique only within their issuer. A guard trusting two Keycloak
// realms, each with its own keys (an IssuerKeyMap, so realm B's admin cannot sign realm A's
// tokens), took `humanIn(['user-123'])` (realm A's user) and `agentIn(['finance-agent'])` (realm
// A's agent) for any realm: realm B's admin named a client "finance-agent" and a user id
// "user-123" in realm B's own tokens, and both checks passed, the API then serving realm A's user.

let keyA: SigningKey;
let keyB: SigningKey;
beforeAll(async () => {
  [keyA, keyB] = await Promise.all([createSigningKey('realm-a'), createSigningKey('realm-b')]);
});

const keys = () =>
  new Map([
    [REALM_A, createLocalJWKSet({ keys: [keyA.publicJwk] })],
    [REALM_B, createLocalJWKSet({ keys: [keyB.publicJwk] })],
  ]);

describe('id-list checks on a guard trusting several identity providers', () => {
  // A two-realm guard whose checks allow everyone but `checks`.
  const guardWith = (checks: Partial<DualAuthGuardOptions>) => () =>
    createDualAuthGuard({
      profile: PROFILE.keycloak,
      clock: fixedClock,
      issuer: [REALM_A, REALM_B],
      audience: 'finance-api',
      keys: keys(),
      agentAllowed: () => true,
      humanAllowed: () => true,
      ...checks,
    });

  it.each([
    ['humanIn', guardWith({ humanAllowed: humanIn(['user-123']) })],
    ['agentIn', guardWith({ agentAllowed: agentIn(['finance-agent']) })],
    ['actorIn', guardWith({ hopAllowed: actorIn(['finance-agent']) })],
    // cachedCheck carries the list's record: the wrapped list is refused as the bare one.
    [
      'humanIn',
      guardWith({
        humanAllowed: cachedCheck(humanIn(['user-123']), { ttlMs: 60_000, key: 'human' }),
      }),
    ],
  ])('refuse at creation %s without an issuer, naming the fix', (name, build) => {
    expect(build).toThrow(TypeError);
    expect(build).toThrow(new RegExp(`${name}\\(ids, \\{ issuer \\}\\)`));
  });

  it('with an issuer, match that issuer’s ids only', async () => {
    const guard = twoRealmGuard(keys(), humanIn(['user-123'], { issuer: REALM_A }));
    expect((await guard.checkRequest(await requestFrom(REALM_A, keyA))).decision).toBe('ALLOW');
    const other = await guard.checkRequest(await requestFrom(REALM_B, keyB));
    expect(other).toMatchObject({ decision: 'DENY', status: 403 });
    expect(other.audit.failed_side).toBe('human');
  });

  it('an issuer list takes each issuer named; a guard of one IdP needs none', async () => {
    const both = twoRealmGuard(keys(), humanIn(['user-123'], { issuer: [REALM_A, REALM_B] }));
    expect((await both.checkRequest(await requestFrom(REALM_B, keyB))).decision).toBe('ALLOW');
    const one = createDualAuthGuard({
      profile: PROFILE.keycloak,
      clock: fixedClock,
      issuer: REALM_A,
      audience: 'finance-api',
      keys: keyA.publicJwk,
      agentAllowed: agentIn(['finance-agent']),
      humanAllowed: humanIn(['user-123']),
    });
    const token = await accessToken('keycloak', keyA, { iss: REALM_A });
    const decision = await one.check({
      authorization: `Bearer ${token}`,
      actAssertion: undefined,
      method: 'GET',
      route: '/accounts',
    });
    expect(decision.decision).toBe('ALLOW');
  });

  it("humanHasRole's lookup is told the token's issuer, whose directory holds the human", async () => {
    const asked: unknown[] = [];
    const guard = twoRealmGuard(
      keys(),
      humanHasRole('FinanceUser', async ({ human, issuer }) => {
        asked.push([issuer, human.sub]);
        return issuer === REALM_A ? ['FinanceUser'] : [];
      }),
    );
    expect((await guard.checkRequest(await requestFrom(REALM_A, keyA))).decision).toBe('ALLOW');
    const other = await guard.checkRequest(await requestFrom(REALM_B, keyB));
    expect(other).toMatchObject({ decision: 'DENY', status: 403 });
    expect(asked).toEqual([
      [REALM_A, 'user-123'],
      [REALM_B, 'user-123'],
    ]);
  });

  it('refuses an issuer that is no non-empty string or list of them', () => {
    expect(() => humanIn(['user-123'], { issuer: '' })).toThrow(TypeError);
    expect(() => humanIn(['user-123'], { issuer: [] })).toThrow(TypeError);
    expect(() => agentIn(['a'], { isuer: REALM_A } as never)).toThrow(TypeError);
  });
});
