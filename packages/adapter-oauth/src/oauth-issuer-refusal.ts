import { ENTRA_CLOUDS, EXTERNAL_ID_HOST } from './entra-clouds.js';

const hosts = (names: readonly string[]): string =>
  [...new Set(names)].map((name) => name.replaceAll('.', '\\.')).join('|');

// Microsoft Entra ID's issuer forms, any tenant (id, domain), in every cloud instance of
// ENTRA_CLOUDS: v1 `https://{sts}/{tid}/`, v2 `https://{login}/{tid}/v2.0`, and Entra External
// ID's `https://{tid}.ciamlogin.com/{tid}/v2.0`. Each host is matched whole, so a look-alike
// (`login.microsoftonline.com.evil.example`) is not.
const ENTRA_ISSUER = new RegExp(
  `^https://(?:(?:${hosts(ENTRA_CLOUDS.map(({ sts }) => sts))})/[^/]+/?|(?:${hosts(
    ENTRA_CLOUDS.flatMap(({ login }) => login),
  )}|${EXTERNAL_ID_HOST})/[^/]+/v2\\.0/?)$`,
  'i',
);

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
