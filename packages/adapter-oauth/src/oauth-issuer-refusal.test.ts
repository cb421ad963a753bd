import { describe, expect, it } from 'vitest';
import { oauthIssuerRefusal } from './oauth-issuer-refusal.js';

describe('oauthIssuerRefusal', () => {
  it("refuses Entra ID's v1 and v2 issuers, naming entraIdTokenProfile", () => {
    for (const issuer of [
      'https://login.microsoftonline.com/00000000-0000-4000-8000-0000000000e1/v2.0',
      'https://sts.windows.net/00000000-0000-4000-8000-0000000000e1/',
      'https://LOGIN.microsoftonline.com/contoso.onmicrosoft.com/v2.0',
      'https://login.microsoftonline.us/00000000-0000-4000-8000-0000000000e1/v2.0',
      'https://sts.chinacloudapi.cn/00000000-0000-4000-8000-0000000000e1/',
      'https://login.chinacloudapi.cn/00000000-0000-4000-8000-0000000000e1/v2.0',
      'https://login.partner.microsoftonline.cn/00000000-0000-4000-8000-0000000000e1/v2.0',
      'https://00000000-0000-4000-8000-0000000000e1.ciamlogin.com/00000000-0000-4000-8000-0000000000e1/v2.0',
    ]) {
      expect(oauthIssuerRefusal(issuer), issuer).toMatch(/entraIdTokenProfile/);
    }
  });

  it('takes any other issuer, a look-alike host included', () => {
    for (const issuer of [
      'https://keycloak.example/realms/acme',
      'https://login.microsoftonline.com.evil.example/t/v2.0',
      'https://idp.example/sts.windows.net/t/',
      'https://127.0.0.1:8443/00000000-0000-4000-8000-0000000000e1/',
      'https://login.microsoftonline.us.evil.example/t/v2.0',
      'https://sts.chinacloudapi.cn.evil.example/t/',
      'https://t.ciamlogin.com.evil.example/t/v2.0',
      'https://evil.example/t.ciamlogin.com/t/v2.0',
      'https://loginXmicrosoftonline.com/t/v2.0',
      'https://a.b.ciamlogin.com/t/v2.0',
    ]) {
      expect(oauthIssuerRefusal(issuer), issuer).toBeUndefined();
    }
  });
});
