import { entraIdTokenProfile } from '@dual-auth/adapter-entraid';
import { oauthTokenProfile } from '@dual-auth/adapter-oauth';
import type { LocalIdp } from '@dual-auth/testing';
import { describe, expect, it } from 'vitest';
import { idpGuardOptions } from '../test/support/idp-vendors.js';
import { actOf, adapterFor, checkHeaders, headersOf } from '../test/support/local-idp-scenario.js';
import { startedLocalIdp } from '../test/support/started-local-idp.js';
import { createDualAuthGuard } from './dual-auth-guard.js';
import { agentIn } from './subject-checks.js';

// The generic OAuth profile has no iat backdate, so before a delegation cut-off it judged Entra's
// tokens (dated 5 minutes back) as issued before it; but it reads no Entra token at all (the local
// Entra IdP's tokens are refused in both layouts: since session 38 the profile reads `appid`/`azp`
// beside `client_id`, so the agent token is refused as no agent's own (`layout_mismatch`: its `sub`
// is not its client) in `legacy`, and for its missing `act` in `rfc8693`, where both were
// `missing_claim` (no `client_id`) before). A guard made with it for an
// Entra issuer is refused when it is made, naming the profile that reads Entra's tokens.

const TENANT = '00000000-0000-4000-8000-0000000000e1';

describe('the generic OAuth profile for a Microsoft Entra ID issuer', () => {
  let idp: LocalIdp;
  startedLocalIdp({ vendor: 'entraid' }, (started) => {
    idp = started;
  });

  const guardOf = (issuer: string | string[], layout: 'legacy' | 'rfc8693' = 'legacy') =>
    createDualAuthGuard({
      ...idpGuardOptions(idp),
      profile: oauthTokenProfile,
      layout,
      issuer,
      agentAllowed: agentIn(['finance-agent']),
      humanAllowed: async () => true,
    });

  it('is refused when the guard is made, naming entraIdTokenProfile (v1 and v2 issuers, any tenant form)', () => {
    for (const issuer of [
      `https://login.microsoftonline.com/${TENANT}/v2.0`,
      `https://sts.windows.net/${TENANT}/`,
      'https://login.microsoftonline.com/contoso.onmicrosoft.com/v2.0',
      ['https://keycloak.example/realms/acme', `https://sts.windows.net/${TENANT}/`],
    ]) {
      expect(() => guardOf(issuer), String(issuer)).toThrow(TypeError);
      expect(() => guardOf(issuer, 'rfc8693'), String(issuer)).toThrow(
        /is not one the oauth token profile reads: .*entraIdTokenProfile from @dual-auth\/adapter-entraid/,
      );
    }
  });

  it('takes other issuers, and reads no token of the local Entra IdP, which the Entra profile reads', async () => {
    expect(() => guardOf('https://keycloak.example/realms/acme')).not.toThrow();
    const act = actOf(idp, 'alice');
    const adapter = await adapterFor(idp, 'finance-agent');
    const token = await adapter.requestToken({
      agentId: 'finance-agent',
      act,
      scope: ['finance.read'],
    });
    const reasons = { legacy: 'layout_mismatch', rfc8693: 'missing_claim' } as const;
    for (const layout of ['legacy', 'rfc8693'] as const) {
      const refused = await checkHeaders(guardOf(idp.issuer, layout), headersOf(token));
      expect(refused.status).toBe(401);
      expect(refused.audit.reason).toBe(`access_token.${reasons[layout]}`);
    }
    const entra = createDualAuthGuard({
      ...idpGuardOptions(idp),
      profile: entraIdTokenProfile,
      humanAllowed: async () => true,
    });
    expect((await checkHeaders(entra, headersOf(token))).status).toBe(200);
  });
});
