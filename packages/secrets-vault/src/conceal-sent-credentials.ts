import { REDACTED } from '@dual-auth/core';
import { credentialScrubber } from '@dual-auth/core/adapter-kit';

// Shorter strings (a role name, `default`) are no credential and would mask Vault's own words.
const MIN_CREDENTIAL_LENGTH = 8;

/**
 * The credentials a request carries: its `X-Vault-Token` and the string values of its login body
 * (AppRole `secret_id`, the Kubernetes service account's `jwt`).
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
    for (const value of Object.values(json)) if (typeof value === 'string') sent.push(value);
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
