import { type LocalIdp, startLocalIdp } from '@dual-auth/testing';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idpGuardOptions } from '../test/support/idp-vendors.js';
import { actOf, adapterFor, checkHeaders, headersOf } from '../test/support/local-idp-scenario.js';
import { createDualAuthGuard } from './dual-auth-guard.js';
import { humanHasRole } from './subject-checks.js';

// An upgrade break (upgrade review, session 10): a consumer's test suite that verifies the local
// Entra IdP's tokens with a guard capped at an hour (`maxTokenLifetimeSeconds: 3600`, the tokens'
// 3599 s lifetime) passed on main. The local Entra IdP now dates `iat` 5 minutes back by default,
// so `exp - iat` is 3899 s and every token is refused `ttl_too_long`; neither docs/upgrading.md nor
// the guard's `maxTokenLifetimeSeconds` docs say so.

describe('a guard capped at one hour, over the local Entra IdP (default options)', () => {
  let idp: LocalIdp;
  beforeAll(async () => {
    idp = await startLocalIdp({ vendor: 'entraid' });
  }, 60_000);
  afterAll(() => idp?.close());

  it("admits the IdP's one-hour (3599 s) agent token", async () => {
    const guard = createDualAuthGuard({
      ...idpGuardOptions(idp),
      maxTokenLifetimeSeconds: 3600,
      humanAllowed: humanHasRole('FinanceUser', async () => ['FinanceUser']),
    });
    const act = actOf(idp, 'alice');
    const adapter = await adapterFor(idp, 'finance-agent');
    const token = await adapter.requestToken({
      agentId: 'finance-agent',
      act,
      scope: ['finance.read'],
    });
    const decision = await checkHeaders(guard, headersOf(token));
    expect(decision.audit).toMatchObject({ decision: 'ALLOW', status: 200 });
    const { exp, iat } = decodeJwt(token.accessToken);
    expect(Number(exp) - Number(iat)).toBeLessThanOrEqual(3600);
  }, 60_000);
});
