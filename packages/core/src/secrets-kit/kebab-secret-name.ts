/**
 * The name of a dual-auth key in a store whose names the Python library writes in lower kebab
 * case (Azure Key Vault, Google Secret Manager): `_` becomes `-`, the key is lowercased, and
 * `prefix` is prepended as given unless the result already starts with the lowercased prefix (so
 * `DUAL_AUTH_VENDOR` is `dual-auth-vendor`). Whether the result is a valid name is the store's
 * rule, checked by its backend.
 *
 * @example
 * ```ts
 * import { kebabSecretName } from '@dual-auth/core/secrets-kit';
 *
 * kebabSecretName('AGENT_CLIENT_SECRET', 'dual-auth-'); // 'dual-auth-agent-client-secret'
 * ```
 */
export function kebabSecretName(key: string, prefix: string): string {
  const name = key.replaceAll('_', '-').toLowerCase();
  return name.startsWith(prefix.toLowerCase()) ? name : `${prefix}${name}`;
}
