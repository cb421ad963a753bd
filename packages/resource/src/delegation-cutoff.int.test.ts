import {
  type Clock,
  type DelegationCutoffStore,
  humanIdForLogging,
  InMemoryDelegationCutoffStore,
} from '@dual-auth/core';
import { endDelegation } from '@dual-auth/session';
import type { LocalIdp } from '@dual-auth/testing';
import { describe, expect, it } from 'vitest';
import { IDP_VENDORS, idpGuardOptions } from '../test/support/idp-vendors.js';
import { actOf, adapterFor, checkHeaders, headersOf } from '../test/support/local-idp-scenario.js';
import { startedLocalIdp } from '../test/support/started-local-idp.js';
import { createDualAuthGuard } from './dual-auth-guard.js';
import { humanHasRole } from './subject-checks.js';

/** The API's guard on the local IdP, with `cutoffStore`; both humans pass the role check. */
function guardFor(idp: LocalIdp, cutoffStore: DelegationCutoffStore, clock?: Clock) {
  return createDualAuthGuard({
    ...idpGuardOptions(idp),
    cutoffStore,
    ...(clock === undefined ? {} : { clock }),
    // Both humans pass the role check here, so only the cut-off tells them apart.
    humanAllowed: humanHasRole('FinanceUser', async () => ['FinanceUser']),
  });
}

describe.each(IDP_VENDORS)("a human's delegation cut-off at the API (local %s IdP)", (vendor) => {
  let idp: LocalIdp;
  startedLocalIdp({ vendor }, (started) => {
    idp = started;
  });

  it('refuses a still-valid token minted before the cut-off; the other human is unaffected', async () => {
    const cutoffStore = new InMemoryDelegationCutoffStore();
    const guard = guardFor(idp, cutoffStore);
    const adapter = await adapterFor(idp, 'finance-agent');
    const tokenFor = (username: string) =>
      adapter.requestToken({
        agentId: 'finance-agent',
        act: actOf(idp, username),
        scope: ['finance.read'],
      });
    const check = (headers: Record<string, string | undefined>) => checkHeaders(guard, headers);
    const alice = headersOf(await tokenFor('alice'));
    const bob = headersOf(await tokenFor('bob'));
    expect((await check(alice)).status).toBe(200);
    await endDelegation({ human: actOf(idp, 'alice').sub, cutoffStore });
    const refused = await check(alice);
    expect(refused.status).toBe(401);
    expect(refused.audit.reason).toBe('access_token.revoked');
    // The token verified before the cut-off refused it: the audit names its human (IAM id only).
    expect(refused.audit.human_id).toBe(humanIdForLogging(actOf(idp, 'alice')));
    expect(refused.audit.human_id).not.toBeNull();
    expect((await check(bob)).status).toBe(200);
  });
});

describe("Entra ID: a human's cut-off keyed by their oid (local entraid IdP)", () => {
  let idp: LocalIdp;
  startedLocalIdp({ vendor: 'entraid' }, (started) => {
    idp = started;
  });

  it("refuses a token minted before a cut-off keyed by the human's oid, not the UPN in act.sub", async () => {
    const cutoffStore = new InMemoryDelegationCutoffStore();
    const guard = guardFor(idp, cutoffStore);
    const adapter = await adapterFor(idp, 'finance-agent');
    const act = actOf(idp, 'alice');
    expect(act.oid).toBeTypeOf('string');
    expect(act.oid).not.toBe(act.sub);
    const alice = headersOf(
      await adapter.requestToken({ agentId: 'finance-agent', act, scope: ['finance.read'] }),
    );
    await endDelegation({ human: act.oid as string, cutoffStore });
    const refused = await checkHeaders(guard, alice);
    expect(refused.status).toBe(401);
    expect(refused.audit.reason).toBe('access_token.revoked');
  });
});

describe("the cut-off's clock edges at the API (local keycloak IdP)", () => {
  let idp: LocalIdp;
  startedLocalIdp({ vendor: 'keycloak' }, (started) => {
    idp = started;
  });

  const tokenFor = async (username: string) =>
    (await adapterFor(idp, 'finance-agent')).requestToken({
      agentId: 'finance-agent',
      act: actOf(idp, username),
      scope: ['finance.read'],
    });

  it('refuses a token minted before a cut-off recorded on a host whose clock is 2 s behind the IdP', async () => {
    const cutoffStore = new InMemoryDelegationCutoffStore();
    const guard = guardFor(idp, cutoffStore);
    const alice = headersOf(await tokenFor('alice'));
    const bob = headersOf(await tokenFor('bob'));
    const behind = { now: () => Date.now() - 2000 };
    await endDelegation({ human: actOf(idp, 'alice').sub, cutoffStore, clock: behind });
    const refused = await checkHeaders(guard, alice);
    expect(refused.status).toBe(401);
    expect(refused.audit.reason).toBe('access_token.revoked');
    expect((await checkHeaders(guard, bob)).status).toBe(200);
  });

  it("says a token issued within the guard's clock tolerance after the cut-off is that, and from when a new one is accepted", async () => {
    const cutoffStore = new InMemoryDelegationCutoffStore();
    const guard = guardFor(idp, cutoffStore);
    const alice = headersOf(await tokenFor('alice'));
    // Recorded by a clock 5 s behind the IdP's: the token's iat is after the cut-off, within 15 s.
    const behind = { now: () => Date.now() - 5000 };
    const { cutoffMs } = await endDelegation({
      human: actOf(idp, 'alice').sub,
      cutoffStore,
      clock: behind,
    });
    const refused = await checkHeaders(guard, alice);
    expect(refused.status).toBe(401);
    expect(refused.audit.reason).toBe('access_token.revoked');
    const description = (refused as { body: { error_description: string } }).body.error_description;
    expect(description).not.toMatch(/issued before/);
    const acceptedFrom =
      /^Access token was issued within 15 s of the human's cut-off \(the clock tolerance\); a new delegation is accepted from (\S+)$/.exec(
        description,
      )?.[1];
    // The first whole second more than the 15 s tolerance after the cut-off.
    const acceptedFromMs = Date.parse(acceptedFrom ?? '');
    expect(acceptedFromMs % 1000).toBe(0);
    expect(acceptedFromMs).toBeGreaterThan(cutoffMs + 15_000);
    expect(acceptedFromMs).toBeLessThanOrEqual(cutoffMs + 16_000);
  });

  it("keeps a cut-off of keepMs = the token's lifetime while the guard still accepts the token past its exp", async () => {
    let offsetMs = 0;
    const clock = { now: () => Date.now() + offsetMs };
    const cutoffStore = new InMemoryDelegationCutoffStore({ clock });
    const guard = guardFor(idp, cutoffStore, clock);
    const token = await tokenFor('alice');
    const { iat, exp } = JSON.parse(
      Buffer.from(token.accessToken.split('.')[1] ?? '', 'base64url').toString(),
    ) as { iat: number; exp: number };
    await endDelegation({
      human: actOf(idp, 'alice').sub,
      cutoffStore,
      keepMs: (exp - iat) * 1000,
      clock,
    });
    // 10 s past exp: inside the guard's 15 s clock tolerance, so only the cut-off refuses it.
    offsetMs = exp * 1000 + 10_000 - Date.now();
    const refused = await checkHeaders(guard, headersOf(token));
    expect(refused.status).toBe(401);
    expect(refused.audit.reason).toBe('access_token.revoked');
  });

  it('answers an audited 503 (cutoff_store_unavailable) when the cut-off store answers a negative number, as a Redis key holding "-1" reads', async () => {
    const cutoffStore: DelegationCutoffStore = {
      endDelegation: async () => undefined,
      cutoffOf: async () => -1,
    };
    const decision = await checkHeaders(
      guardFor(idp, cutoffStore),
      headersOf(await tokenFor('alice')),
    );
    expect(decision).toMatchObject({
      status: 503,
      audit: { decision: 'DENY', reason: 'access_token.cutoff_store_unavailable' },
    });
  });
});
