import { oauthTokenProfile } from '@dual-auth/adapter-oauth';
import { type LocalIdp, startLocalIdp } from '@dual-auth/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idpGuardOptions } from '../test/support/idp-vendors.js';
import { actOf, adapterFor, checkHeaders, headersOf } from '../test/support/local-idp-scenario.js';
import { createDualAuthGuard } from './dual-auth-guard.js';

// A setup that worked with main's release (0.1.0): an API guard on the generic OAuth profile
// whose issuer list also names the company's Entra ID tenant (added ahead of a move to Entra, or
// copied from another service's settings). Only the OAuth server's tokens ever passed; the
// guard served them. After the upgrade the guard is refused when it is made, so the API no longer
// starts, though none of the tokens it answered changes.

const TENANT = '00000000-0000-4000-8000-0000000000e1';

describe('generic OAuth profile guard upgrade from main', () => {
  let idp: LocalIdp;
  beforeAll(async () => {
    idp = await startLocalIdp({ vendor: 'oauth' });
  }, 60_000);
  afterAll(() => idp?.close());

  it('still answers the OAuth server tokens when its issuer list also names an Entra tenant', async () => {
    const guard = createDualAuthGuard({
      ...idpGuardOptions(idp),
      profile: oauthTokenProfile,
      issuer: [idp.issuer, `https://login.microsoftonline.com/${TENANT}/v2.0`],
      humanAllowed: async () => true,
    });
    const adapter = await adapterFor(idp, 'finance-agent');
    const token = await adapter.requestToken({
      agentId: 'finance-agent',
      act: actOf(idp, 'alice'),
      scope: ['finance.read'],
    });
    expect((await checkHeaders(guard, headersOf(token))).status).toBe(200);
  }, 60_000);
});
