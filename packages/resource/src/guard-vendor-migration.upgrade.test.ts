import { describe, expect, it } from 'vitest';
import { createDualAuthGuard } from './dual-auth-guard.js';

// Upgrade review (session 11, upg12). docs/upgrading.md's first @dual-auth/resource step is
// "a token profile instead of a vendor": `createDualAuthGuard({ vendor: 'keycloak', … })` becomes
// `{ profile: keycloakTokenProfile, … }`. On main the 0.1.0 call got `options.profile is
// required: the token profile your IdP adapter package exports (<vendor>TokenProfile from
// @dual-auth/adapter-<vendor>)`. int16 refuses the unknown `vendor` key first, with the whole
// list of guard options and no word of where a profile comes from. A `renamed` hint of
// refuseUnknownOptions (as the client's `timeout` has) would keep the migration's message.

const allow = () => true;
const V010 = {
  jwksUri: 'https://idp.example/realms/acme/protocol/openid-connect/certs',
  issuer: 'https://idp.example/realms/acme',
  audience: 'https://api.example/finance',
  agentAllowed: allow,
  humanAllowed: allow,
};

describe('createDualAuthGuard upgrading from 0.1.0: the vendor option', () => {
  it('a 0.1.0 `vendor` is refused with a message that says which TokenProfile replaces it', () => {
    expect(() => createDualAuthGuard({ ...V010, vendor: 'keycloak' } as never)).toThrow(
      /TokenProfile/,
    );
  });
});
