import { createAdapter as auth0Adapter } from '@dual-auth/adapter-auth0';
import { createAdapter as entraidAdapter } from '@dual-auth/adapter-entraid';
import { createAdapter as keycloakAdapter } from '@dual-auth/adapter-keycloak';
import { createAdapter as oktaAdapter } from '@dual-auth/adapter-okta';
import { getConfig, type IamAdapter } from '@dual-auth/core';
import type { LocalIdp } from '@dual-auth/testing';

/**
 * The real adapter of the IdP's vendor for one of its agents, configured exactly as an agent
 * service would be: from the reference's environment variables, through `getConfig`.
 */
export async function vendorAdapter(idp: LocalIdp, agentId: string): Promise<IamAdapter> {
  const config = await getConfig({ env: idp.env(agentId) });
  const options = { fetch: idp.fetch };
  switch (config.vendor) {
    case 'keycloak':
      return keycloakAdapter(config, options);
    case 'auth0':
      return auth0Adapter(config, options);
    case 'okta':
      return oktaAdapter(config, options);
    case 'entraid':
      return entraidAdapter(config, options);
  }
}
