import { keycloakPlugin } from '@dual-auth/adapter-keycloak';
import { getConfig, type IamAdapter } from '@dual-auth/core';
import type { LocalIdp } from '@dual-auth/testing';

/** The Keycloak adapter configured from a local IdP's environment, reaching it through its fetch. */
export async function localKeycloakAdapter(idp: LocalIdp): Promise<IamAdapter> {
  return keycloakPlugin.createAdapter(
    await getConfig({ env: idp.env(), plugins: [keycloakPlugin] }),
    { fetch: idp.fetch },
  ) as IamAdapter;
}
