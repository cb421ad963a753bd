import type { SecretsBackend } from '../contracts/secrets-backend.js';
import type { Vendor } from '../contracts/vendor.js';
import { ConfigurationError } from '../errors/configuration-error.js';

/** The variable holding each vendor's token URL. */
export const TOKEN_URL_VARIABLES: Readonly<Record<Vendor, string>> = {
  keycloak: 'KEYCLOAK_TOKEN_URL',
  auth0: 'AUTH0_TOKEN_URL',
  okta: 'OKTA_TOKEN_URL',
  entraid: 'ENTRAID_TOKEN_URL',
};

const AGENT = ['AGENT_CLIENT_ID', 'AGENT_CLIENT_SECRET'];

/** Each vendor's secrets in the reference's fetch order; `?` marks an optional one. */
const VENDOR_SECRETS: Readonly<Record<Vendor, readonly string[]>> = {
  keycloak: ['KEYCLOAK_TOKEN_URL', ...AGENT],
  auth0: ['AUTH0_TOKEN_URL', ...AGENT, 'API_AUDIENCE'],
  okta: ['OKTA_TOKEN_URL', ...AGENT, 'API_AUDIENCE'],
  entraid: [
    'APP_PRIVATE_KEY?',
    'APP_PRIVATE_KEY_PATH?',
    'API_SCOPE',
    'ENTRAID_TOKEN_URL',
    ...AGENT,
    'APP_ID',
    'API_AUDIENCE',
  ],
};

// Secrets are kept byte for byte (the client secret is an HMAC key); names and URLs are trimmed.
const UNTRIMMED = new Set(['AGENT_CLIENT_SECRET', 'APP_PRIVATE_KEY']);

/** The secrets one vendor needs, by variable name; optional ones may be absent. */
export type VendorSecrets = Readonly<Record<string, string | undefined>>;

/**
 * Reads one vendor's secrets from `backend`. The reads run in parallel (one round trip to a cloud
 * store instead of seven); when several fail, the error reported is the first in the reference's
 * order, as if they had been read one by one.
 *
 * @throws SecretsBackendError from the backend (missing secret, access denied, …).
 * @throws ConfigurationError naming the variable when a value is blank.
 */
export async function readVendorSecrets(
  vendor: Vendor,
  backend: SecretsBackend,
  signal: AbortSignal | undefined,
): Promise<VendorSecrets> {
  const entries = VENDOR_SECRETS[vendor].map((spec) => ({
    key: spec.replace('?', ''),
    required: !spec.endsWith('?'),
  }));
  const results = await Promise.allSettled(
    entries.map(({ key, required }) =>
      backend.getSecret(key, { required, ...(signal === undefined ? {} : { signal }) }),
    ),
  );
  const secrets: Record<string, string | undefined> = {};
  for (const [index, result] of results.entries()) {
    const { key, required } = entries[index] as (typeof entries)[number];
    if (result.status === 'rejected') throw result.reason;
    secrets[key] = checkValue(key, result.value, required);
  }
  return secrets;
}

function checkValue(key: string, value: unknown, required: boolean): string | undefined {
  if (value === undefined && !required) return undefined;
  if (typeof value !== 'string') {
    throw new ConfigurationError({ message: `${key} must be a string`, variable: key });
  }
  if (value.trim() === '') {
    // Cloud stores accept empty strings; the reference took them as values (behaviour.md §9.13).
    if (!required) return undefined;
    throw new ConfigurationError({ message: `${key} cannot be empty`, variable: key });
  }
  return UNTRIMMED.has(key) ? value : value.trim();
}
