import { createAdapter, type IamAdapter } from '@dual-auth/core';
import { type LocalIdp, loadWorkspaceAdapterPlugins } from '@dual-auth/testing';

/**
 * The real adapter of the IdP's vendor for one of its agents, configured exactly as an agent
 * service would be: from the reference's environment variables, through `getConfig` and the
 * vendor's adapter plugin (found among the workspace's adapter packages). `fetch` defaults to the
 * IdP's trusting one.
 */
export async function vendorAdapter(
  idp: LocalIdp,
  agentId: string,
  fetch: typeof globalThis.fetch = idp.fetch,
): Promise<IamAdapter> {
  const plugins = await loadWorkspaceAdapterPlugins();
  return createAdapter(undefined, { env: idp.env(agentId), plugins, fetch });
}
