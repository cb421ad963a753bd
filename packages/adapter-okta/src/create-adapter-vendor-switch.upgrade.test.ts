import { createAdapter } from '@dual-auth/core';
import { describe, expect, it } from 'vitest';
import { oktaPlugin } from './okta-plugin.js';

// Upgrade review (session 11, upg12). core's createAdapter is documented as "one variable,
// DUAL_AUTH_VENDOR, picks the IdP", with `adapterOptions` "only the vendor's adapter knows
// (`clientAuthentication`, …), passed on as they are". An app deployed against several IdPs
// keeps one createAdapter call with the options of each vendor it supports (Auth0's
// `clientAuthentication`, Okta's `assertionAudience`) and picks the IdP per deployment. On main
// each adapter took its own and ignored the others'; on int16 the Okta deployment fails at start
// with `new OktaAdapter: clientAuthentication is not an option`. Neither the createAdapter TSDoc
// nor docs/upgrading.md says that adapterOptions must now be chosen per vendor.

const ENV = {
  DUAL_AUTH_VENDOR: 'okta',
  OKTA_TOKEN_URL: 'https://acme.okta.com/oauth2/aus1/v1/token',
  AGENT_CLIENT_ID: 'finance-agent',
  AGENT_CLIENT_SECRET: 'agent-secret-never-logged-0123456789',
  API_AUDIENCE: 'api://finance',
};

// Decided (lead, session 11): the adapter keeps refusing names it does not take (a typo in the
// picked vendor's options would otherwise be dropped); the app passes each vendor its own
// options, as createAdapter's TSDoc and docs/upgrading.md now say.
describe('createAdapter upgrading from main: one call for every vendor the app supports', () => {
  it('the Okta deployment starts with the options chosen for its vendor', async () => {
    const perVendor: Record<string, Record<string, unknown>> = {
      okta: { assertionAudience: 'issuer' },
      auth0: { clientAuthentication: 'client_secret' },
    };
    const adapter = await createAdapter(undefined, {
      env: ENV,
      plugins: [oktaPlugin],
      adapterOptions: perVendor[ENV.DUAL_AUTH_VENDOR],
    });
    expect(adapter.vendor).toBe('okta');
  });

  it('another vendor’s option in adapterOptions is refused, naming it', async () => {
    await expect(
      createAdapter(undefined, {
        env: ENV,
        plugins: [oktaPlugin],
        adapterOptions: { assertionAudience: 'issuer', clientAuthentication: 'client_secret' },
      }),
    ).rejects.toThrow(/clientAuthentication is not an option/);
  });
});
