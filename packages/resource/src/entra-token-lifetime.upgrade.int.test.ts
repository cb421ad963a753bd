import { cutoffIssuedAtSeconds } from '@dual-auth/core';
import type { LocalIdp } from '@dual-auth/testing';
import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { IDP_PROFILES, idpGuardOptions } from '../test/support/idp-vendors.js';
import { actOf, adapterFor, checkHeaders, headersOf } from '../test/support/local-idp-scenario.js';
import { startedLocalIdp } from '../test/support/started-local-idp.js';
import { createDualAuthGuard } from './dual-auth-guard.js';
import { humanHasRole } from './subject-checks.js';

// An upgrade break (upgrade review, session 10): a consumer's test suite that verifies the local
// Entra IdP's tokens with a guard capped at an hour (`maxTokenLifetimeSeconds: 3600`, the tokens'
// 3599 s lifetime) passed on main. The local Entra IdP now dates `iat` 5 minutes back by default,
// so `exp - iat` is 3899 s and every token is refused `ttl_too_long`; neither docs/upgrading.md nor
// the guard's `maxTokenLifetimeSeconds` docs say so. The rule: the Entra profile declares
// `iatBackdateSeconds: 300`, so the cap counts from `iat + 300`, when the token was minted.

describe('a guard capped at one hour, over the local Entra IdP (default options)', () => {
  let idp: LocalIdp;
  startedLocalIdp({ vendor: 'entraid' }, (started) => {
    idp = started;
  });

  /** A one-hour token of `finance-agent` for alice, as the IdP mints it. */
  async function agentToken() {
    const adapter = await adapterFor(idp, 'finance-agent');
    return adapter.requestToken({
      agentId: 'finance-agent',
      act: actOf(idp, 'alice'),
      scope: ['finance.read'],
    });
  }

  it("admits the IdP's one-hour (3599 s) agent token", async () => {
    const guard = createDualAuthGuard({
      ...idpGuardOptions(idp),
      maxTokenLifetimeSeconds: 3600,
      humanAllowed: humanHasRole('FinanceUser', async () => ['FinanceUser']),
    });
    const token = await agentToken();
    const decision = await checkHeaders(guard, headersOf(token));
    expect(decision.audit).toMatchObject({ decision: 'ALLOW', status: 200 });
    const { exp, iat } = decodeJwt(token.accessToken);
    const mintedAt = cutoffIssuedAtSeconds(Number(iat), IDP_PROFILES.entraid.iatBackdateSeconds);
    expect(Number(exp) - mintedAt).toBeLessThanOrEqual(3600);
    // The IdP does backdate: its raw `exp - iat` is over the cap the guard admitted.
    expect(Number(exp) - Number(iat)).toBeGreaterThan(3600);
  }, 60_000);

  it('still refuses that token under a cap one second short of its lifetime from minting', async () => {
    const token = await agentToken();
    const { exp, iat } = decodeJwt(token.accessToken);
    const clockToleranceSeconds = 15;
    const lifetime =
      Number(exp) - cutoffIssuedAtSeconds(Number(iat), IDP_PROFILES.entraid.iatBackdateSeconds);
    const guard = createDualAuthGuard({
      ...idpGuardOptions(idp),
      clockToleranceSeconds,
      maxTokenLifetimeSeconds: lifetime - clockToleranceSeconds - 1,
      humanAllowed: humanHasRole('FinanceUser', async () => ['FinanceUser']),
    });
    const decision = await checkHeaders(guard, headersOf(token));
    expect(decision.audit).toMatchObject({ decision: 'DENY', status: 401 });
    expect(JSON.stringify(decision.audit)).toContain('ttl_too_long');
  }, 60_000);
});
