import { requireValue } from '@dual-auth/core';

/**
 * The Secrets Manager name of a dual-auth key, as the Python library computes it: the prefix
 * followed by the key unchanged, unless the key already starts with the prefix.
 *
 * @throws TypeError when `key` or `prefix` is not a string (`key must be a string, got number`).
 * @example
 * awsSecretName('AGENT_CLIENT_SECRET', 'dual-auth/'); // 'dual-auth/AGENT_CLIENT_SECRET'
 * awsSecretName('dual-auth/AGENT_CLIENT_SECRET', 'dual-auth/'); // unchanged
 */
export function awsSecretName(key: string, prefix: string): string {
  requireValue(key, 'key', 'string');
  requireValue(prefix, 'prefix', 'string');
  return key.startsWith(prefix) ? key : `${prefix}${key}`;
}
