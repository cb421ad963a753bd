import { requireValue } from '@dual-auth/core';

/** Where a key lives in Vault: its path in the mount, and where the Python library put it. */
export interface VaultSecretPath {
  /** The path read first, always under the prefix. */
  path: string;
  /**
   * The Python library's location when it differs from `path`: it skipped the prefix for any name
   * that starts with the prefix without its `/`, so `DUAL_AUTH_VENDOR` sat at `dual-auth-vendor`,
   * outside `dual-auth/`. Read when `path` holds nothing, so existing layouts keep working.
   */
  legacyPath?: string;
}

/**
 * The Vault path of a dual-auth key: the key lowercased with `_` as `-`, under the prefix (which
 * is not added when the name already starts with it).
 *
 * @throws TypeError when `key` or `prefix` is not a string (`key must be a string, got number`).
 * @example
 * vaultSecretPath('AGENT_CLIENT_SECRET', 'dual-auth/'); // { path: 'dual-auth/agent-client-secret' }
 * vaultSecretPath('DUAL_AUTH_VENDOR', 'dual-auth/');
 * // { path: 'dual-auth/dual-auth-vendor', legacyPath: 'dual-auth-vendor' }
 */
export function vaultSecretPath(key: string, prefix: string): VaultSecretPath {
  const name = requireValue(key, 'key', 'string').replaceAll('_', '-').toLowerCase();
  const base = requireValue(prefix, 'prefix', 'string').replace(/\/+$/, '');
  if (base === '' || name.startsWith(`${base.toLowerCase()}/`)) return { path: name };
  const path = `${base}/${name}`;
  return name.startsWith(base.toLowerCase()) ? { path, legacyPath: name } : { path };
}
