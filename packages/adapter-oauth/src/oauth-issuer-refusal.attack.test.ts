import { describe, expect, it } from 'vitest';
import { oauthIssuerRefusal } from './oauth-issuer-refusal.js';

// The refusal knows Entra's public-cloud hosts only. Entra's national clouds and Entra External
// ID issue the same tokens (azp/appid, scp, no act, iat dated 5 minutes back) under other hosts
// (https://learn.microsoft.com/entra/identity-platform/authentication-national-cloud,
// https://learn.microsoft.com/entra/external-id/customers/concept-authentication-methods-customers):
// a guard made with the generic profile for them starts, and each token is then refused or its
// delegation cut-off misjudged at run time, which the refusal exists to stop at start.
describe('oauthIssuerRefusal against Entra issuers off the public cloud (attack)', () => {
  const tid = '00000000-0000-4000-8000-0000000000e1';
  it.each([
    `https://login.microsoftonline.us/${tid}/v2.0`,
    `https://login.chinacloudapi.cn/${tid}/v2.0`,
    `https://sts.chinacloudapi.cn/${tid}/`,
    `https://${tid}.ciamlogin.com/${tid}/v2.0`,
  ])('refuses %s, naming entraIdTokenProfile', (issuer) => {
    expect(oauthIssuerRefusal(issuer)).toMatch(/entraIdTokenProfile/);
  });
});
