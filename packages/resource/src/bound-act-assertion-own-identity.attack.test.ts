import { exportSPKI } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { entraBoundOptions } from '../test/support/entra-bound-options.js';
import { refusal } from '../test/support/refusal.js';
import {
  accessToken,
  actAssertion,
  createSigningKeys,
  ENTRA_HUMAN,
  type SigningKey,
  VENDOR_SETUP,
} from '../test/support/token-kit.js';
import { verifyDualSubjectToken } from './verify-dual-subject-token.js';

// Attack (wave 24): the agent application signs its bound act assertion itself, so it can name
// any human, itself included: its application id, or its service principal's object id (the
// access token's own `sub` and `oid`). One identity would then pass the agent check and the human
// check, where the rule wants two independent ones.
const ENTRA = VENDOR_SETUP.entraid;
const SP_OID = '22222222-0000-0000-0000-00000000a9e7';

let idpKey: SigningKey;
let appKey: SigningKey;
let appPem: string;
beforeAll(async () => {
  [idpKey, appKey] = await createSigningKeys('entra-idp', 'finance-agent-app');
  appPem = await exportSPKI(appKey.publicKey);
});

const agentsToken = () => accessToken('entraid', idpKey, { sub: SP_OID, oid: SP_OID });

describe("Entra bound act assertion naming the agent's own identity as the human", () => {
  it.each([
    ['act.sub = the application id', { sub: ENTRA.agentId }, 'act.sub'],
    ["act.sub = the token's sub (service principal)", { sub: SP_OID }, 'act.sub'],
    ["act.oid = the token's oid (service principal)", { ...ENTRA_HUMAN, oid: SP_OID }, 'act.oid'],
    ['act.oid = the application id', { ...ENTRA_HUMAN, oid: ENTRA.agentId }, 'act.oid'],
    // Entra reads its GUIDs in any case: a directory lookup would find the service principal.
    [
      'act.oid = the service principal in capitals',
      { ...ENTRA_HUMAN, oid: SP_OID.toUpperCase() },
      'act.oid',
    ],
  ])('%s → invalid_act', async (_name, act, claim) => {
    const error = await refusal(
      verifyDualSubjectToken(await agentsToken(), {
        ...entraBoundOptions(idpKey, appPem),
        actAssertion: await actAssertion(appKey, { act }),
      }),
    );
    expect(error).toMatchObject({ credential: 'act_assertion', reason: 'invalid_act', claim });
    expect(error.message).toMatch(/the agent cannot be the human it acts for/);
    expect(String(error)).not.toContain(SP_OID);
  });

  it("the same agent's assertion naming a real human passes", async () => {
    const subject = await verifyDualSubjectToken(await agentsToken(), {
      ...entraBoundOptions(idpKey, appPem),
      actAssertion: await actAssertion(appKey),
    });
    expect(subject.human.oid).toBe(ENTRA_HUMAN.oid);
  });
});
