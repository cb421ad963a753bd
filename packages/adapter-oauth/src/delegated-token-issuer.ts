import { entraIssuersOf } from './entra-clouds.js';
import type { OAuthConfig, OAuthMode } from './oauth-config.js';

/** The `iss` a delegated token must carry, and the setting to name when it does not. */
export interface DelegatedTokenIssuer {
  /** Any of them; empty: `iss` is not compared. */
  readonly issuers: readonly string[];
  /** Where they come from, for the refusal's message. */
  readonly source: string;
  /** The variable that sets the issuer compared: `OAUTH_RESOURCE_ISSUER` or `OAUTH_ISSUER`. */
  readonly variable: 'OAUTH_RESOURCE_ISSUER' | 'OAUTH_ISSUER';
}

// A tenant id (a GUID), not a domain name, `organizations` or `common`.
const TENANT_ID = /^[\da-f-]{36}$/i;

// Entra names the tenant by its id in both issuer forms, in every cloud (ENTRA_CLOUDS, the guard's
// issuer refusal's list); the API's manifest (accessTokenAcceptedVersion) picks v1 or v2:
// https://learn.microsoft.com/entra/identity-platform/access-token-claims-reference#payload-claims
function entraTenantIssuers(tokenUrl: string): readonly string[] {
  // Checked by the adapter kit before any request: a token URL it would refuse has no tenant.
  const url = URL.canParse(tokenUrl) ? new URL(tokenUrl) : undefined;
  const tenant = url?.pathname.split('/')[1] ?? '';
  if (url === undefined || !TENANT_ID.test(tenant)) return [];
  return entraIssuersOf(url.host, tenant.toLowerCase());
}

/**
 * The issuer a delegated token's `iss` is compared with (RFC 8414 §2 `issuer`, RFC 7519 §4.1.1):
 * - `id-jag`: `OAUTH_RESOURCE_ISSUER`, the resource authorization server;
 * - `token-exchange`, `on-behalf-of`: `OAUTH_ISSUER` when set;
 * - `on-behalf-of` at Entra (`OAUTH_TOKEN_URL` `https://{login host}/{tenant id}/…`) without
 *   `OAUTH_ISSUER`: the tenant's issuers in that cloud: v1 `https://{sts host}/{tid}/` and v2
 *   `https://{login host}/{tid}/v2.0` in the global cloud (`login.microsoftonline.com`,
 *   `sts.windows.net`), Azure Government (`login.microsoftonline.us`) and Azure operated by
 *   21Vianet (`login.chinacloudapi.cn`, `login.partner.microsoftonline.cn`,
 *   `sts.chinacloudapi.cn`); External ID's `https://{tid}.ciamlogin.com/{tid}/v2.0` at
 *   `{tenant}.ciamlogin.com`;
 * - otherwise none: `iss` is not compared (a tenant named by domain, `organizations` or `common`,
 *   another server without `OAUTH_ISSUER`).
 */
export function delegatedTokenIssuer(config: OAuthConfig, mode: OAuthMode): DelegatedTokenIssuer {
  if (mode === 'id-jag') {
    return {
      issuers: [config?.resourceIssuer ?? ''],
      source: 'OAUTH_RESOURCE_ISSUER',
      variable: 'OAUTH_RESOURCE_ISSUER',
    };
  }
  if (config?.issuer !== undefined) {
    return { issuers: [config.issuer], source: 'OAUTH_ISSUER', variable: 'OAUTH_ISSUER' };
  }
  return {
    issuers: mode === 'on-behalf-of' ? entraTenantIssuers(String(config?.tokenUrl)) : [],
    source: "OAUTH_TOKEN_URL's Entra tenant",
    variable: 'OAUTH_ISSUER',
  };
}
