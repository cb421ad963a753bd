import { SecretsBackendError } from '@dual-auth/core';
import {
  describeError,
  isNetworkError,
  type SecretMiss,
  safeCause,
} from '@dual-auth/core/secrets-kit';
import { VaultTransportError } from './vault-transport-error.js';

/** What a failed Vault call was about, for the error's message and hint. */
export interface VaultErrorContext {
  /** The dual-auth key asked for. */
  key: string;
  /** The secret's path in the mount. */
  path: string;
  mount: string;
  address: string;
}

/** The HTTP status of a node-vault response error, or undefined for a failure to connect. */
export function vaultStatus(error: unknown): number | undefined {
  const status = (error as { response?: { statusCode?: unknown } } | null)?.response?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

/** The secret exists at none of its locations, or is empty, which counts as missing. */
export function vaultNotFoundError(
  { key, path, mount }: VaultErrorContext,
  miss: SecretMiss,
): SecretsBackendError {
  return new SecretsBackendError({
    message: `Vault secret '${path}' not found at mount '${mount}'.`,
    backend: 'vault',
    key,
    hint: `Write it with: vault kv put -mount=${mount} ${path} value=… (or set DUAL_AUTH_VAULT_MOUNT / DUAL_AUTH_VAULT_PATH_PREFIX to where it lives).`,
    cause:
      miss.reason === 'empty' ? new Error('The secret value is empty.') : safeCause(miss.cause),
  });
}

/**
 * Turns a failed secret read into a SecretsBackendError. Vault's own error strings are kept (they
 * name paths and reasons, never values); requests, headers and tokens are dropped.
 */
export function vaultReadError(error: unknown, context: VaultErrorContext): SecretsBackendError {
  const refused = vaultTransportRefusal(error, context);
  if (refused !== undefined) return refused;
  const { key, path } = context;
  const status = vaultStatus(error);
  const make = (message: string, hint: string): SecretsBackendError =>
    new SecretsBackendError({
      message,
      backend: 'vault',
      key,
      hint,
      cause: safeCause(error),
    });
  if (status === 403) {
    return make(
      `Permission denied accessing Vault secret '${path}'.`,
      `Give the token a policy with "read" on ${context.mount}/data/${path}.`,
    );
  }
  if (status === 429) {
    return make(
      `Vault error retrieving '${path}': rate limit quota exceeded`,
      'Vault throttled the read; read less often (raise cacheTtlMs) or retry later.',
    );
  }
  if (status === undefined && isNetworkError(error)) return vaultConnectionError(error, context);
  return make(
    `Vault error retrieving '${path}': ${describeError(error)}`,
    'Vault answered with an error; see the cause and the Vault server logs.',
  );
}

/** Vault could not be reached (refused, reset, DNS, timeout, TLS). */
export function vaultConnectionError(
  error: unknown,
  { key, address }: VaultErrorContext,
): SecretsBackendError {
  const code = (error as { code?: unknown } | null)?.code;
  return new SecretsBackendError({
    message: `Vault connection error: ${typeof code === 'string' ? code : 'unreachable'}`,
    backend: 'vault',
    key,
    hint: `Vault at ${address} could not be reached; check VAULT_ADDR, the network and TLS trust (VAULT_CACERT or the caPem option).`,
    cause: safeCause(error),
  });
}

/**
 * The error of an answer the transport refused (a redirect off Vault's origin, a body over the
 * size cap, the deadline), with the transport's hint; undefined for any other error.
 */
export function vaultTransportRefusal(
  error: unknown,
  { key }: VaultErrorContext,
): SecretsBackendError | undefined {
  if (!(error instanceof VaultTransportError)) return undefined;
  return new SecretsBackendError({
    message: error.message,
    backend: 'vault',
    key,
    hint: error.hint,
  });
}
