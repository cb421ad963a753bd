import { type Act, InMemoryDelegationCutoffStore } from '@dual-auth/core';
import { endDelegation } from '@dual-auth/session';
import type { LocalIdp } from '@dual-auth/testing';
import { describe, expect, it } from 'vitest';
import { idpGuardOptions } from '../test/support/idp-vendors.js';
import { actOf, adapterFor, checkHeaders, headersOf } from '../test/support/local-idp-scenario.js';
import { startedLocalIdp } from '../test/support/started-local-idp.js';
import { createDualAuthGuard } from './dual-auth-guard.js';
import { humanHasRole } from './subject-checks.js';

// Attack (session 36's review, fixed in session 37): where the agent writes the human's id itself
// (Entra ID's bound act assertion, a legacy `act` the IdP copies from the client assertion), it
// chooses its case. The cut-off `endDelegation` recorded under Alice's ids was read under the
// exact spelling the credential carries, while her directory names her in any case (Microsoft
// Graph reads a UPN in any case; Keycloak on MySQL or an LDAP federation, a user id): an agent
// naming `ALICE@CONTOSO.EXAMPLE` after she ended her delegations missed the cut-off, and the API's
// directory look-up still gave her roles: ALLOW. The guard of an IdP whose ids ignore case reads
// the cut-off under the folded id too, which `endDelegation` records.

/** The API's role look-up as a directory that ignores case: Graph's `/users/{UPN or oid}`. */
function directoryIgnoringCase(idp: LocalIdp) {
  const financeUsers = [actOf(idp, 'alice'), actOf(idp, 'bob')].flatMap((act) =>
    [act.sub, act.oid].filter((id): id is string => typeof id === 'string'),
  );
  return humanHasRole('FinanceUser', async ({ human }) =>
    financeUsers.includes((human.oid ?? human.sub).toLowerCase()) ? ['FinanceUser'] : [],
  );
}

/** Alice's session ended her delegations; the agent still holds a way to mint tokens. */
async function afterAliceEndedHerDelegations(idp: LocalIdp) {
  const cutoffStore = new InMemoryDelegationCutoffStore();
  const guard = createDualAuthGuard({
    ...idpGuardOptions(idp),
    cutoffStore,
    humanAllowed: directoryIgnoringCase(idp),
  });
  const adapter = await adapterFor(idp, 'finance-agent');
  // The agent's token, minted before the cut-off, naming the human as the agent chooses.
  const tokenNaming = async (act: Act) =>
    headersOf(
      await adapter.requestToken({ agentId: 'finance-agent', act, scope: ['finance.read'] }),
    );
  const upper = (act: Act): Act => ({ sub: act.sub.toUpperCase() });
  const alice = await tokenNaming(upper(actOf(idp, 'alice')));
  const bob = await tokenNaming(upper(actOf(idp, 'bob')));
  // As the web app ends them: her session's act ({ sub, oid } for Entra ID).
  const { oid, sub } = actOf(idp, 'alice');
  await endDelegation({ human: oid === undefined ? { sub } : { sub, oid }, cutoffStore });
  return {
    check: (headers: Record<string, string | undefined>) => checkHeaders(guard, headers),
    alice,
    bob,
  };
}

describe.each([
  ['entraid', 'her UPN in upper case, no act.oid, in the bound act assertion'],
  ['keycloak', 'her user id in upper case in the act the IdP copies'],
] as const)('a case variant of the human id after endDelegation (local %s IdP)', (vendor, how) => {
  let idp: LocalIdp;
  startedLocalIdp({ vendor }, (started) => {
    idp = started;
  });

  it(`refuses a token naming Alice by ${how}; Bob is untouched`, async () => {
    const { check, alice, bob } = await afterAliceEndedHerDelegations(idp);
    const refused = await check(alice);
    expect(refused.audit).toMatchObject({ decision: 'DENY', reason: 'access_token.revoked' });
    expect(refused.status).toBe(401);
    // Another human, in the same case, is not cut off by hers.
    expect((await check(bob)).audit).toMatchObject({ decision: 'ALLOW', status: 200 });
  });
});
