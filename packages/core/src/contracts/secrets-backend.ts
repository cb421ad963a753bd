import type { SecretsBackendName } from '../errors/secrets-backend-error.js';
import type { SpecificationVersion } from './specification-version.js';

/** Options of {@link SecretsBackend.getSecret}. */
export interface GetSecretOptions {
  /** Default true: a missing secret throws. With false, only "not found" resolves `undefined`. */
  required?: boolean;
  signal?: AbortSignal;
}

/** A secret holding a JSON object, parsed (the Python `get_json_secret`). */
export type JsonSecret = Readonly<Record<string, unknown>>;

/**
 * A store of configuration secrets (`AGENT_CLIENT_SECRET`, `KEYCLOAK_TOKEN_URL`, …), addressed by the
 * reference's key names; each backend maps a key to its store's naming rule.
 * Failures are `SecretsBackendError`s naming the backend and the key, never the value.
 */
export interface SecretsBackend {
  readonly specificationVersion: SpecificationVersion;
  /** The reference's `backend_name`: `environment`, `aws`, `gcp`, `azure`, `vault`, or a plugin's. */
  readonly backendName: SecretsBackendName;
  getSecret(key: string, options?: GetSecretOptions & { required?: true }): Promise<string>;
  getSecret(key: string, options: GetSecretOptions): Promise<string | undefined>;
  /**
   * The secret `key` parsed as a JSON object. A value that is not one is a `SecretsBackendError`
   * (`… contains invalid JSON: SyntaxError`) that never quotes the value.
   */
  getJsonSecret(key: string, options?: GetSecretOptions & { required?: true }): Promise<JsonSecret>;
  getJsonSecret(key: string, options: GetSecretOptions): Promise<JsonSecret | undefined>;
}
