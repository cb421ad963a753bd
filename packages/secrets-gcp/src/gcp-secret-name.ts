import { kebabSecretName } from '@dual-auth/core/secrets-kit';

const SECRET_ID = /^[A-Za-z0-9_-]{1,255}$/;

/**
 * The Secret Manager secret id for a dual-auth key, as the Python library names it: `_` becomes
 * `-`, the key is lowercased, and the prefix is prepended unless the result already starts with
 * the lowercased prefix. The prefix is prepended as given (a mixed-case prefix stays mixed-case),
 * so teams keep the secret names they have.
 *
 * @example
 * ```ts
 * gcpSecretId('AGENT_CLIENT_SECRET', 'dual-auth-'); // 'dual-auth-agent-client-secret'
 * gcpSecretId('DUAL_AUTH_VENDOR', 'dual-auth-'); // 'dual-auth-vendor'
 * ```
 */
export function gcpSecretId(key: string, prefix: string): string {
  return kebabSecretName(key, prefix);
}

/** True when `id` is a valid Secret Manager secret id (letters, digits, `-`, `_`; 1–255). */
export function isValidGcpSecretId(id: string): boolean {
  return SECRET_ID.test(id);
}

/** The resource name of a secret's latest version. */
export function gcpSecretVersionPath(projectId: string, secretId: string): string {
  return `projects/${projectId}/secrets/${secretId}/versions/latest`;
}
