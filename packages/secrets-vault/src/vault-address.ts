import { SecretsBackendError } from '@dual-auth/core';
import { assertHttpsUrl } from '@dual-auth/core/adapter-kit';

/**
 * The address requests go to, from `VAULT_ADDR` (or the `address` option): its origin, then its
 * path without a trailing `/` when it has one (a Vault behind a path-prefixed proxy). Vault's own
 * client and CLI keep the path so (`api.Client.NewRequest`: `path.Join(addr.Path, requestPath)`,
 * github.com/hashicorp/vault api/client.go) and send no query of the address.
 *
 * @throws SecretsBackendError when the address has a query or a fragment (named, never quoted: it
 *   may hold a token); what `assertHttpsUrl` throws when it is not an https URL.
 */
export function vaultAddress(address: string, allowInsecureLoopback: boolean): string {
  const url = assertHttpsUrl(address, { name: 'VAULT_ADDR', allowInsecureLoopback });
  const extra = /[?#]/.exec(address)?.[0];
  if (extra !== undefined) {
    throw new SecretsBackendError({
      message: `VAULT_ADDR has ${extra === '?' ? 'a query' : 'a fragment'}: Vault's address is https://host:port, with a path only for a Vault behind a path-prefixed proxy.`,
      backend: 'vault',
      hint: 'Remove the ?… or #… part of VAULT_ADDR (or the address option); Vault takes its token from VAULT_TOKEN, its namespace from VAULT_NAMESPACE.',
    });
  }
  return url.origin + url.pathname.replace(/\/+$/, '');
}
