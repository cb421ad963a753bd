/**
 * Microsoft Entra ID's cloud instances, the one list of their hosts: `login` serves each one's
 * token URLs and names its v2 issuer `https://{login}/{tenant}/v2.0`, `sts` its v1 issuer
 * `https://{sts}/{tenant}/` — the global cloud, Azure Government, and Azure operated by 21Vianet
 * (https://learn.microsoft.com/entra/identity-platform/authentication-national-cloud#microsoft-entra-authentication-endpoints,
 * https://learn.microsoft.com/entra/identity-platform/access-token-claims-reference#payload-claims).
 * Entra External ID is apart: {@link EXTERNAL_ID_HOST}. `@dual-auth/resource` keeps the same hosts
 * for its count of identity providers (`packages/resource/src/several-idps.ts`): a cloud added here
 * is added there. @internal
 */
export const ENTRA_CLOUDS: readonly { login: readonly string[]; sts: string }[] = [
  { login: ['login.microsoftonline.com'], sts: 'sts.windows.net' },
  { login: ['login.microsoftonline.us'], sts: 'sts.windows.net' },
  {
    login: ['login.chinacloudapi.cn', 'login.partner.microsoftonline.cn'],
    sts: 'sts.chinacloudapi.cn',
  },
];

/**
 * Entra External ID's login hosts, `{tenant}.ciamlogin.com`, as a regular expression's source,
 * with one issuer form: `https://{tenant id}.ciamlogin.com/{tenant id}/v2.0`
 * (https://learn.microsoft.com/entra/identity-platform/v2-protocols-oidc#find-your-apps-openid-configuration-document-uri). @internal
 */
export const EXTERNAL_ID_HOST = '[^/.]+\\.ciamlogin\\.com';

/**
 * The issuers Entra names tenant `tid` by in the cloud whose login host is `host` (a token URL's):
 * its v1 and v2 forms, or External ID's one; none for a host of no Entra cloud. @internal
 */
export function entraIssuersOf(host: string, tid: string): readonly string[] {
  if (new RegExp(`^${EXTERNAL_ID_HOST}$`, 'i').test(host))
    return [`https://${tid}.ciamlogin.com/${tid}/v2.0`];
  const cloud = ENTRA_CLOUDS.find(({ login }) => login.includes(host.toLowerCase()));
  if (cloud === undefined) return [];
  return [
    `https://${cloud.sts}/${tid}/`,
    ...cloud.login.map((login) => `https://${login}/${tid}/v2.0`),
  ];
}
