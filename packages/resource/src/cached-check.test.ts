import { createLocalJWKSet } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  accessToken,
  createSigningKey,
  fixedClock,
  PROFILE,
  type SigningKey,
} from '../test/support/token-kit.js';
import type { SubjectCheck } from './authorize.js';
import { cachedCheck } from './cached-check.js';
import { createDualAuthGuard } from './dual-auth-guard.js';
import { agentHasRole } from './subject-checks.js';

// A guard that trusts two issuers (two Keycloak realms, two tenants of a multi-tenant API): client
// ids are admin-chosen names and `act.sub` is whatever the issuing realm writes, so without the
// issuer in its built-in keys cachedCheck would hand realm B the answer it gave for realm A's
// same-named agent and human.
const REALM_A = 'https://kc.example.test/realms/tenant-a';
const REALM_B = 'https://kc.example.test/realms/tenant-b';

let keyA: SigningKey;
let keyB: SigningKey;

beforeAll(async () => {
  [keyA, keyB] = await Promise.all([createSigningKey('realm-a'), createSigningKey('realm-b')]);
});

function guardWith(humanAllowed: SubjectCheck) {
  return createDualAuthGuard({
    profile: PROFILE.keycloak,
    issuer: [REALM_A, REALM_B],
    audience: 'finance-api',
    keys: createLocalJWKSet({ keys: [keyA.publicJwk, keyB.publicJwk] }),
    clock: fixedClock,
    agentAllowed: agentHasRole('FinanceAgent'),
    humanAllowed,
  });
}

async function requestFrom(issuer: string, key: SigningKey): Promise<Request> {
  const token = await accessToken('keycloak', key, { iss: issuer });
  return new Request('https://api.example.test/accounts/42', {
    headers: { authorization: `Bearer ${token}` },
  });
}

// Only realm A's agent and user-123 pass: the check reads the issuer, as it must.
const onlyRealmAUser: SubjectCheck = ({ subject }) =>
  subject.agent.raw.iss === REALM_A && subject.human.sub === 'user-123';

describe.each(['pair', 'human', 'agent'] as const)('cachedCheck key %s across issuers', (key) => {
  it('does not hand realm A’s cached ALLOW to a same-named agent or human of realm B', async () => {
    const guard = guardWith(cachedCheck(onlyRealmAUser, { ttlMs: 60_000, key, clock: fixedClock }));
    // Uncached, realm B is refused: the check itself is right.
    const fresh = guardWith(onlyRealmAUser);
    expect((await fresh.checkRequest(await requestFrom(REALM_B, keyB))).decision).toBe('DENY');

    expect((await guard.checkRequest(await requestFrom(REALM_A, keyA))).decision).toBe('ALLOW');
    const fromB = await guard.checkRequest(await requestFrom(REALM_B, keyB));
    expect(fromB.decision).toBe('DENY');
  });
});
