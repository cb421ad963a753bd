import type { JsonSecret } from '../contracts/secrets-backend.js';
import { errorClassOf } from '../errors/error-class-of.js';
import { SecretsBackendError } from '../errors/secrets-backend-error.js';

/** Where a JSON secret came from, for {@link parseJsonSecret}'s errors. */
export interface JsonSecretSource {
  readonly backend: string;
  readonly key: string;
  /** How the secret is named in messages: `Environment variable 'APP_CONFIG'`. */
  readonly subject: string;
}

/**
 * A secret's value parsed as a JSON object: the reference's `get_json_secret`. The error never
 * quotes the value, not even the parser's message (which shows part of it).
 *
 * @throws SecretsBackendError (`<subject> contains invalid JSON: SyntaxError`) naming the key.
 * @example
 * parseJsonSecret('{"a":1}', { backend: 'environment', key: 'X', subject: "Environment variable 'X'" });
 */
export function parseJsonSecret(value: string, source: JsonSecretSource): JsonSecret {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch (error) {
    throw new SecretsBackendError({
      message: `${source.subject} contains invalid JSON: ${errorClassOf(error)}`,
      backend: source.backend,
      key: source.key,
    });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new SecretsBackendError({
      message: `${source.subject} contains JSON that is not an object`,
      backend: source.backend,
      key: source.key,
    });
  }
  return parsed as JsonSecret;
}
