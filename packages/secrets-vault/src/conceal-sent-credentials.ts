import { REDACTED } from '@dual-auth/core';
import { credentialScrubber } from '@dual-auth/core/adapter-kit';

// Shorter strings (`default`) are no credential and would mask Vault's own words.
const MIN_CREDENTIAL_LENGTH = 8;
// The secret fields of the login bodies: AppRole's `secret_id`, Kubernetes' `jwt`. A `role` or
// `role_id` names the identity, like a user name, and Vault quotes it back (`invalid role name
// "dual-auth"`): that is the operator's clue, so it stays.
const SECRET_FIELDS = new Set(['secret_id', 'jwt']);

/**
 * The credentials a request carries: its `X-Vault-Token` and the secret fields of its login body
 * (AppRole `secret_id`, the Kubernetes service account's `jwt`; not the role).
 */
export function sentCredentials(
  headers: Record<string, string> | undefined,
  json: unknown,
): string[] {
  const sent: string[] = [];
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() === 'x-vault-token') sent.push(value);
  }
  if (typeof json === 'object' && json !== null) {
    for (const [name, value] of Object.entries(json)) {
      if (SECRET_FIELDS.has(name) && typeof value === 'string') sent.push(value);
    }
  }
  return sent.filter((value) => value.length >= MIN_CREDENTIAL_LENGTH);
}

/**
 * `body` with every piece of `credentials` (8 characters or more) replaced by `***REDACTED***`, in strings at any
 * depth: node-vault makes an error answer's `errors` its message, which reaches our errors and the
 * app's logs, and an answer may quote the request (a proxy or WAF echoing it, a broken plugin).
 */
export function concealSentCredentials(body: unknown, credentials: readonly string[]): unknown {
  if (credentials.length === 0) return body;
  // Any 8-character piece of a credential goes, so a quoted prefix of the token goes too.
  const scrub = credentialScrubber(credentials);
  const conceal = (value: unknown, depth: number): unknown => {
    if (typeof value === 'string') return scrub(value);
    if (typeof value !== 'object' || value === null) return value;
    // No error answer nests this deep: drop the rest rather than walk it.
    if (depth > 32) return REDACTED;
    if (Array.isArray(value)) return value.map((item) => conceal(item, depth + 1));
    return Object.fromEntries(
      Object.entries(value).map(([name, item]) => [name, conceal(item, depth + 1)]),
    );
  };
  return conceal(body, 0);
}
