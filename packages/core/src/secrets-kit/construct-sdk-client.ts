import { SecretsBackendError, type SecretsBackendName } from '../errors/secrets-backend-error.js';

/** What {@link constructSdkClient} reports when the constructor throws. */
export interface SdkClientFailure {
  readonly backend: SecretsBackendName;
  /** The client as the message names it, e.g. `Azure Key Vault`. */
  readonly client: string;
  /** What to check, e.g. `Check clientOptions.` */
  readonly hint: string;
}

/**
 * Calls an SDK client's constructor and returns the client. When the constructor throws, the
 * error's message is not kept (it may quote the credentials or settings it was given): only its
 * class is named.
 *
 * @throws SecretsBackendError `Failed to initialize <client> client (<error class>).`, with the
 * backend and hint of `failure` and no cause.
 * @example
 * ```ts
 * import { constructSdkClient } from '@dual-auth/core/secrets-kit';
 *
 * const client = constructSdkClient(() => new Map<string, string>(), {
 *   backend: 'gcp',
 *   client: 'GCP Secret Manager',
 *   hint: 'Check clientOptions.',
 * });
 * ```
 */
export function constructSdkClient<T>(construct: () => T, failure: SdkClientFailure): T {
  try {
    return construct();
  } catch (error) {
    const name = error instanceof Error ? error.name : 'Error';
    throw new SecretsBackendError({
      message: `Failed to initialize ${failure.client} client (${name}).`,
      backend: failure.backend,
      hint: failure.hint,
    });
  }
}
