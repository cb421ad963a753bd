// Microsoft Entra ID's issuer forms, any tenant (id, domain), in every cloud instance:
// - v1 `https://sts.windows.net/{tid}/`, and `https://sts.chinacloudapi.cn/{tid}/` in Azure
//   operated by 21Vianet;
// - v2 `https://{login host}/{tid}/v2.0`, the login host being the global cloud's
//   `login.microsoftonline.com`, Azure Government's `login.microsoftonline.us`, or 21Vianet's
//   `login.chinacloudapi.cn` and `login.partner.microsoftonline.cn`
//   (https://learn.microsoft.com/entra/identity-platform/access-token-claims-reference#payload-claims,
//   https://learn.microsoft.com/entra/identity-platform/authentication-national-cloud#microsoft-entra-authentication-endpoints);
// - Entra External ID's `https://{tid}.ciamlogin.com/{tid}/v2.0`
//   (https://learn.microsoft.com/entra/external-id/customers/concept-authentication-methods-customers,
//   https://learn.microsoft.com/entra/identity-platform/v2-protocols-oidc#find-your-apps-openid-configuration-document-uri).
// Each host is matched whole, so a look-alike (`login.microsoftonline.com.evil.example`) is not.
const ENTRA_ISSUER =
  /^https:\/\/(?:sts\.(?:windows\.net|chinacloudapi\.cn)\/[^/]+\/?|(?:login\.(?:microsoftonline\.(?:com|us)|chinacloudapi\.cn|partner\.microsoftonline\.cn)|[^/.]+\.ciamlogin\.com)\/[^/]+\/v2\.0\/?)$/i;

/**
 * `oauthTokenProfile`'s `issuerRefusal`: refuses a Microsoft Entra ID issuer (the global cloud,
 * the national clouds: Azure Government and Azure operated by 21Vianet, and Entra External ID),
 * whose access tokens the generic profile cannot read: they name the client in `azp`/`appid`, not
 * `client_id`, keep the delegated scopes in `scp`, carry no `act` (the agent of an on-behalf-of
 * token is a facet, `xms_act_fct`), and date `iat` 5 minutes before minting, so a delegation
 * cut-off would also take a new sign-in's tokens as issued before it. `entraIdTokenProfile` reads
 * them.
 *
 * @returns Why, and what to do instead (drop the issuer from this guard, or give it a second
 *   guard on `entraIdTokenProfile`), for an Entra issuer; `undefined` for any other.
 */
export function oauthIssuerRefusal(issuer: string): string | undefined {
  if (!ENTRA_ISSUER.test(issuer)) return undefined;
  return "Microsoft Entra ID's tokens name the client in azp/appid, keep scopes in scp, carry no act and date iat 5 minutes back; remove this issuer from this guard, or make a second guard with entraIdTokenProfile from @dual-auth/adapter-entraid for it";
}
