import { SecretsBackendError } from '@dual-auth/core';
import { describeError, errorWord, safeCause } from '@dual-auth/core/secrets-kit';

/** Where a failed read happened. */
export interface AzureErrorContext {
  readonly key: string;
  readonly secretName: string;
}

const CREDENTIAL_ERRORS = new Set([
  'CredentialUnavailableError',
  'AuthenticationError',
  'AggregateAuthenticationError',
  'AuthenticationRequiredError',
]);

// RestError.PARSE_ERROR of @azure/core-rest-pipeline.
const PARSE_ERROR = 'PARSE_ERROR';

const CREDENTIAL_HINT =
  'DefaultAzureCredential tries, in order: environment (AZURE_CLIENT_ID with AZURE_CLIENT_SECRET or a certificate, AZURE_TENANT_ID), workload identity, managed identity, Azure CLI, Azure PowerShell, Azure Developer CLI. Make one of them available, or pass a credential.';

/** The HTTP status of an SDK error, when it got an answer. */
export function azureStatus(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

/** True for Key Vault's "no such secret" answer. */
export function isAzureNotFound(error: unknown): boolean {
  return azureStatus(error) === 404;
}

/**
 * The {@link SecretsBackendError} for a failed `getSecret` (404 is handled by the caller). The
 * cause is a copy keeping the error's name, code and service message: the SDK's `RestError`
 * holds the request, whose headers carry the Bearer token. An answer the SDK could not parse
 * keeps no message at all: the SDK quotes the whole response body in it, secret value included.
 */
export function azureError(
  error: unknown,
  { key, secretName }: AzureErrorContext,
): SecretsBackendError {
  const status = azureStatus(error);
  const code = errorCode(error);
  const name = (error instanceof Error ? errorWord(error.name) : undefined) ?? 'Error';
  if (code === PARSE_ERROR || (status !== undefined && status >= 200 && status < 300)) {
    return new SecretsBackendError({
      backend: 'azure',
      key,
      cause: safeCause(error, { keepMessage: false }),
      message: `Azure Key Vault answered reading secret '${secretName}' with a body that is not a secret bundle (${code ?? status}).`,
      hint: 'Something between dual-auth and the vault (a proxy, a firewall page, a wrong DUAL_AUTH_AZURE_VAULT_URL) answered instead of Key Vault; check the URL and the network path.',
    });
  }
  const base = { backend: 'azure' as const, key, cause: safeCause(error) };
  if (CREDENTIAL_ERRORS.has(name)) {
    return new SecretsBackendError({
      ...base,
      message: `Azure authentication failed: ${name}: ${describeError(error)}`,
      hint: CREDENTIAL_HINT,
    });
  }
  if (status === 401) {
    return new SecretsBackendError({
      ...base,
      message: `Azure authentication failed accessing secret '${secretName}'.`,
      hint: 'Key Vault refused the token: check the tenant of the credential and that it is issued for https://vault.azure.net.',
    });
  }
  if (status === 403) {
    return new SecretsBackendError({
      ...base,
      message: `Access denied to Azure Key Vault secret '${secretName}' (${code ?? 'Forbidden'}).`,
      hint: "Give the identity the 'Key Vault Secrets User' role on the vault (RBAC) or a 'Get' secret permission (access policy), and check the vault's firewall.",
    });
  }
  if (status === 429) {
    return new SecretsBackendError({
      ...base,
      message: `Azure Key Vault throttled reading secret '${secretName}' (${code ?? '429'}).`,
      hint: 'Retry later, or keep the secrets cache on (cacheTtlMs): Key Vault limits requests per vault.',
    });
  }
  if (status === undefined && isChallengeMismatch(error)) {
    return new SecretsBackendError({
      ...base,
      message: `Azure Key Vault authentication challenge rejected reading secret '${secretName}'.`,
      hint: "The vault's challenge names a resource that is not a parent domain of DUAL_AUTH_AZURE_VAULT_URL; use the vault's own URL (https://<name>.vault.azure.net).",
    });
  }
  if (status === undefined || status === 503 || status === 504) {
    return new SecretsBackendError({
      ...base,
      message: `Azure Key Vault is unreachable reading secret '${secretName}' (${code ?? name}).`,
      hint: 'Check DUAL_AUTH_AZURE_VAULT_URL, the network path and proxies to the vault, and TLS trust.',
    });
  }
  return new SecretsBackendError({
    ...base,
    message: `Azure Key Vault error: ${code ?? status} reading secret '${secretName}'.`,
  });
}

function errorCode(error: unknown): string | undefined {
  // The body's `error.code`, written by whoever answered: a word of it, or none.
  return errorWord((error as { code?: unknown } | null)?.code);
}

function isChallengeMismatch(error: unknown): boolean {
  return error instanceof Error && /challenge (resource|origin)/i.test(error.message);
}
