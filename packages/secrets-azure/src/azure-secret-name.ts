import { kebabSecretName } from '@dual-auth/core/secrets-kit';

const SECRET_NAME = /^[0-9a-zA-Z-]{1,127}$/;

/**
 * The Key Vault secret name for a dual-auth key, as the Python library names it: `_` becomes `-`,
 * the key is lowercased, and the prefix is prepended unless the result already starts with the
 * lowercased prefix (so `DUAL_AUTH_VENDOR` is `dual-auth-vendor`). Key Vault names are
 * case-insensitive, so the prefix's case does not matter.
 *
 * @example
 * ```ts
 * azureSecretName('AGENT_CLIENT_SECRET', 'dual-auth-'); // 'dual-auth-agent-client-secret'
 * ```
 */
export function azureSecretName(key: string, prefix: string): string {
  return kebabSecretName(key, prefix);
}

/** True when `name` is a valid Key Vault secret name (letters, digits, `-`; 1–127). */
export function isValidAzureSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}
