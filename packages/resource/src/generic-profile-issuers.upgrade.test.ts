import { oauthTokenProfile } from '@dual-auth/adapter-oauth';
import type { LocalIdp } from '@dual-auth/testing';
import { describe, expect, it } from 'vitest';
import { idpGuardOptions } from '../test/support/idp-vendors.js';
import { actOf, adapterFor, checkHeaders, headersOf } from '../test/support/local-idp-scenario.js';
import { startedLocalIdp } from '../test/support/started-local-idp.js';
import { createDualAuthGuard } from './dual-auth-guard.js';

// A setup that worked with main's release (0.1.0): an API guard on the generic OAuth profile
// whose issuer list also names the company's Entra ID tenant (added ahead of a move to Entra, or
// copied from another service's settings). Only the OAuth server's tokens ever passed; the
// guard served them. After the upgrade the guard is refused when it is made, so the API no longer
// starts, though none of the tokens it answered changes.
//
// Serving it as before is not safe: an Entra token under this guard would be read by a profile
// that cannot read it (client in azp/appid, scopes in scp, no act, iat dated 5 minutes back, so a
// delegation cut-off would take a new sign-in's tokens as issued before it). The guard stays
// refused at creation; what the upgrade owes is a message that says how to get the API serving
// again: drop the Entra issuer from this guard, or serve it with a second guard on
// entraIdTokenProfile. Done that way, the OAuth server's tokens are answered as on main.

const TENANT = '00000000-0000-4000-8000-0000000000e1';
const ENTRA_ISSUER = `https://login.microsoftonline.com/${TENANT}/v2.0`;

describe('generic OAuth profile guard upgrade from main', () => {
  let idp: LocalIdp;
  startedLocalIdp({ vendor: 'oauth' }, (started) => {
    idp = started;
  });

  it('a guard whose issuer list also names an Entra tenant is refused with what to do instead', () => {
    expect(() =>
      createDualAuthGuard({
        ...idpGuardOptions(idp),
        profile: oauthTokenProfile,
        issuer: [idp.issuer, ENTRA_ISSUER],
        humanAllowed: async () => true,
      }),
    ).toThrow(
      `options.issuer "${ENTRA_ISSUER}" is not one the oauth token profile reads: Microsoft Entra ID's tokens name the client in azp/appid, keep scopes in scp, carry no act and date iat 5 minutes back; remove this issuer from this guard, or make a second guard with entraIdTokenProfile from @dual-auth/adapter-entraid for it`,
    );
  });

  it('with the Entra issuer removed as the message says, answers the OAuth server tokens as on main', async () => {
    const guard = createDualAuthGuard({
      ...idpGuardOptions(idp),
      profile: oauthTokenProfile,
      issuer: [idp.issuer],
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
