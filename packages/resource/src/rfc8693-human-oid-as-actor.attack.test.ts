import type { TokenProfile } from '@dual-auth/core/jwt';
import { beforeAll, describe, expect, it } from 'vitest';
import { refusal } from '../test/support/refusal.js';
import {
  createSigningKey,
  fixedClock,
  NOW_S,
  type SigningKey,
  signJwt,
} from '../test/support/token-kit.js';
import {
  type VerifyDualSubjectTokenOptions,
  verifyDualSubjectToken,
} from './verify-dual-subject-token.js';

// Attack (wave 24): the rfc8693 layout refused a human named as an actor only by `sub`. A human
// with an Entra object id (`oid`, the id a directory lookup by `human.oid` finds) is one party
// under two ids: an actor naming that `oid` (as its `sub`, or as its own `oid`) is the human acting
// for itself, the single identity the rule wants two independent ones in place of.
const ISSUER = 'https://idp.standard.test/';
const AUDIENCE = 'finance-api';
const HUMAN_OID = '00000000-0000-0000-0000-0000000a11ce';

/** A standards IdP issuing RFC 8693 tokens; its client id sits in `client_id` (RFC 8693 §4.3). */
const STANDARD: TokenProfile = {
  specificationVersion: 'v1',
  vendor: 'standard-idp',
  layouts: ['rfc8693'],
  clientIdClaims: ['client_id'],
  roleClaims: ['roles'],
  scopeClaims: ['scope'],
  rfc8693AgentGrantClaims: { scopeClaims: ['scope'] },
  legacyHuman: 'act-claim',
};

let idpKey: SigningKey;
beforeAll(async () => {
  idpKey = await createSigningKey('std-1');
});

const options: () => VerifyDualSubjectTokenOptions = () => ({
  profile: STANDARD,
  layout: 'rfc8693',
  issuer: ISSUER,
  audience: AUDIENCE,
  keys: idpKey.publicKey,
  clock: fixedClock,
});

function exchanged(act: Record<string, unknown>): Promise<string> {
  return signJwt(
    {
      iss: ISSUER,
      aud: AUDIENCE,
      iat: NOW_S,
      exp: NOW_S + 300,
      sub: 'user-1',
      oid: HUMAN_OID,
      client_id: act.sub,
      scope: 'finance.read',
      act,
    },
    idpKey,
  );
}

describe("rfc8693 layout: an actor carrying the human's oid", () => {
  it.each([
    ["the acting agent's sub is the human's oid", { sub: HUMAN_OID }, 'act.sub'],
    ["the acting agent's oid is the human's", { sub: 'agent-b', oid: HUMAN_OID }, 'act.oid'],
    [
      "an earlier actor's sub is the human's oid",
      { sub: 'agent-b', act: { sub: HUMAN_OID } },
      'act.act.sub',
    ],
    [
      "an earlier actor's oid is the human's",
      { sub: 'agent-b', act: { sub: 'agent-a', oid: HUMAN_OID } },
      'act.act.oid',
    ],
  ])('%s → layout_mismatch, naming the claim, not its value', async (_, act, claim) => {
    const error = await refusal(verifyDualSubjectToken(await exchanged(act), options()));
    expect(error).toMatchObject({ credential: 'access_token', reason: 'layout_mismatch', claim });
    expect(error.message).not.toContain(HUMAN_OID);
  });

  it("admits actors whose ids are not the human's", async () => {
    const token = await exchanged({ sub: 'agent-b', oid: 'agent-b-oid', act: { sub: 'agent-a' } });
    const subject = await verifyDualSubjectToken(token, options());
    expect(subject.human).toEqual({ sub: 'user-1', oid: HUMAN_OID });
    expect(subject.chain.map((link) => link.id)).toEqual(['agent-b', 'agent-a']);
  });
});
