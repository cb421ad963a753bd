// Microsoft Entra ID's two issuer forms, any tenant (id, domain): v1 `https://sts.windows.net/{tid}/`
// and v2 `https://login.microsoftonline.com/{tid}/v2.0`
// (https://learn.microsoft.com/entra/identity-platform/access-token-claims-reference#payload-claims).
const ENTRA_ISSUER =
  /^https:\/\/(?:sts\.windows\.net\/[^/]+\/?|login\.microsoftonline\.com\/[^/]+\/v2\.0\/?)$/i;

/**
 * `oauthTokenProfile`'s `issuerRefusal`: refuses a Microsoft Entra ID issuer, whose access tokens
 * the generic profile cannot read: they name the client in `azp`/`appid`, not `client_id`, keep
 * the delegated scopes in `scp`, carry no `act` (the agent of an on-behalf-of token is a facet,
 * `xms_act_fct`), and date `iat` 5 minutes before minting, so a delegation cut-off would also take
 * a new sign-in's tokens as issued before it. `entraIdTokenProfile` reads them.
 *
 * @returns Why, and what to do instead (drop the issuer from this guard, or give it a second
 *   guard on `entraIdTokenProfile`), for an Entra issuer; `undefined` for any other.
 */
export function oauthIssuerRefusal(issuer: string): string | undefined {
  if (!ENTRA_ISSUER.test(issuer)) return undefined;
  return "Microsoft Entra ID's tokens name the client in azp/appid, keep scopes in scp, carry no act and date iat 5 minutes back; remove this issuer from this guard, or make a second guard with entraIdTokenProfile from @dual-auth/adapter-entraid for it";
}
