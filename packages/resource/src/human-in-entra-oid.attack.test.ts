import { beforeAll, describe, expect, it } from 'vitest';
import { entraBoundOptions } from '../test/support/entra-bound-options.js';
import {
  accessToken,
  actAssertion,
  createSigningKey,
  ENTRA_HUMAN,
  type SigningKey,
} from '../test/support/token-kit.js';
import { createDualAuthGuard } from './dual-auth-guard.js';
import { agentIn, humanIn } from './subject-checks.js';

// Attack (session 34): an Entra ID agent application signs its own act assertion, `sub` (the UPN)
// and `oid` both its text. humanIn matched either: `humanIn([alice's UPN])` admitted
// { sub: alice's UPN, oid: bob's object id }, and the request went on as bob, whose oid the audit
// record names (human_id) and the README says to look up: one person checked, another served.
const APP = 'aaaaaaaa-0000-0000-0000-00000000000a';
const BOB_OID = '00000000-0000-0000-0000-000000000b0b';

let idpKey: SigningKey;
let appKey: SigningKey;
beforeAll(async () => {
  [idpKey, appKey] = await Promise.all([createSigningKey('idp'), createSigningKey('app')]);
});

async function decide(ids: string[], act: { sub: string; oid: string }) {
  const guard = createDualAuthGuard({
    ...entraBoundOptions(idpKey, new Map([[APP, appKey.publicJwk]])),
    agentAllowed: agentIn([APP]),
    humanAllowed: humanIn(ids),
  });
  return guard.check({
    authorization: `Bearer ${await accessToken('entraid', idpKey, { appid: APP })}`,
    actAssertion: await actAssertion(appKey, { iss: APP, sub: APP, act }),
    method: 'GET',
    route: '/accounts',
  });
}

describe('humanIn on an Entra ID human (an oid beside the UPN)', () => {
  it("does not admit another user's oid beside a listed UPN", async () => {
    const decision = await decide([ENTRA_HUMAN.sub], { sub: ENTRA_HUMAN.sub, oid: BOB_OID });
    expect(decision).toMatchObject({ decision: 'DENY', status: 403 });
    expect(decision.audit).toMatchObject({ failed_side: 'human', human_id: BOB_OID });
  });

  it('matches the oid, the id the audit names: listed, admitted; its UPN alone is not enough', async () => {
    const alice = { sub: ENTRA_HUMAN.sub, oid: ENTRA_HUMAN.oid };
    const admitted = await decide([ENTRA_HUMAN.oid], alice);
    expect(admitted.decision).toBe('ALLOW');
    expect(admitted.audit.human_id).toBe(ENTRA_HUMAN.oid);
    expect((await decide([ENTRA_HUMAN.sub], alice)).decision).toBe('DENY');
  });
});
