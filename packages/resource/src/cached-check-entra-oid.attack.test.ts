import { beforeAll, describe, expect, it } from 'vitest';
import { entraBoundOptions } from '../test/support/entra-bound-options.js';
import {
  accessToken,
  actAssertion,
  createSigningKey,
  ENTRA_HUMAN,
  fixedClock,
  type SigningKey,
} from '../test/support/token-kit.js';
import { cachedCheck } from './cached-check.js';
import { createDualAuthGuard } from './dual-auth-guard.js';
import { agentIn, humanHasRole } from './subject-checks.js';

// Attack (Session 12, breaker12): Entra ID humans are looked up by `human.oid` (the README's
// rule: the directory holds the object id, not the UPN in `sub`), but cachedCheck filed the
// answer under `sub` alone. Agent application A signs its act assertions with its own key and
// may write any act into them: { sub: Alice's UPN, oid: an admin's object id } got the admin's
// answer filed under Alice's UPN, and with `key: 'human'` (shared by every agent, as the README
// advises for role lookups) honest agent B acting for Alice was then admitted with the admin's
// roles; a refusal filed the same way would lock Alice out through every agent.
const APP_A = 'aaaaaaaa-0000-0000-0000-00000000000a';
const APP_B = 'bbbbbbbb-0000-0000-0000-00000000000b';
const ADMIN_OID = '00000000-0000-0000-0000-0000000ad111';
const ROLES: Record<string, string[]> = { [ADMIN_OID]: ['FinanceUser'], [ENTRA_HUMAN.oid]: [] };

let idpKey: SigningKey;
let keyA: SigningKey;
let keyB: SigningKey;
beforeAll(async () => {
  [idpKey, keyA, keyB] = await Promise.all([
    createSigningKey('idp'),
    createSigningKey('app-a'),
    createSigningKey('app-b'),
  ]);
});

async function headersFrom(appId: string, appKey: SigningKey, act: Record<string, unknown>) {
  return {
    authorization: `Bearer ${await accessToken('entraid', idpKey, { appid: appId })}`,
    actAssertion: await actAssertion(appKey, { iss: appId, sub: appId, act }),
  };
}

describe('cachedCheck of an Entra human looked up by oid', () => {
  it('does not give agent B acting for Alice the answer agent A got for another oid', async () => {
    const guard = createDualAuthGuard({
      ...entraBoundOptions(
        idpKey,
        new Map([
          [APP_A, keyA.publicJwk],
          [APP_B, keyB.publicJwk],
        ]),
      ),
      agentAllowed: agentIn([APP_A, APP_B]),
      humanAllowed: cachedCheck(
        humanHasRole('FinanceUser', async ({ human }) => ROLES[human.oid ?? ''] ?? []),
        { ttlMs: 60_000, key: 'human', clock: fixedClock },
      ),
    });
    const check = async (headers: { authorization: string; actAssertion: string }) =>
      guard.check({ ...headers, method: 'GET', route: '/api/balance' });

    const fromA = await check(
      await headersFrom(APP_A, keyA, { sub: ENTRA_HUMAN.sub, oid: ADMIN_OID }),
    );
    expect(fromA.decision).toBe('ALLOW');
    const fromB = await check(
      await headersFrom(APP_B, keyB, { sub: ENTRA_HUMAN.sub, oid: ENTRA_HUMAN.oid }),
    );
    expect(fromB).toMatchObject({ decision: 'DENY', status: 403, audit: { failed_side: 'human' } });
  });
});
