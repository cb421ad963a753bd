import type { TokenCredential } from '@azure/identity';
import { DefaultAzureCredential } from '@azure/identity';
import { SecretClient, type SecretClientOptions } from '@azure/keyvault-secrets';
import { type KnownOptions, type Logger, SecretsBackendError } from '@dual-auth/core';
import {
  CachedSecretsBackend,
  checkOption,
  constructSdkClient,
  resolveBackendOptions,
  type SecretLocation,
  type SecretLookup,
  type SecretsBackendOptions,
  settingSource,
  stringSetting,
} from '@dual-auth/core/secrets-kit';
import { azureError, azureStatus, isAzureNotFound } from './azure-error.js';
import { azureLoadTimeoutMs } from './azure-load-timeout-ms.js';
import { azureSecretName, isValidAzureSecretName } from './azure-secret-name.js';
import { withResponseSizeCap } from './response-size-cap.js';

/** Options of {@link AzureSecretsBackend}; each one wins over its environment variable. */
export interface AzureSecretsBackendOptions extends SecretsBackendOptions {
  /** The vault, `https://<name>.vault.azure.net`. Env `DUAL_AUTH_AZURE_VAULT_URL` (required). */
  vaultUrl?: string;
  /** Prepended to every secret name. Env `DUAL_AUTH_AZURE_SECRET_PREFIX`, default `dual-auth-`. */
  secretPrefix?: string;
  /** Who signs in to Key Vault. Default `new DefaultAzureCredential()`. */
  credential?: TokenCredential;
  /** Options for the SDK's `SecretClient` (retries, TLS, proxy, `httpClient`, …). */
  clientOptions?: SecretClientOptions;
  /** A ready client; wins over `vaultUrl`'s client, `credential` and `clientOptions`. */
  client?: SecretClient;
  /**
   * Timeout of each HTTP request to Key Vault (the SDK sets none, so a vault that never answers
   * would hang every read). Default 10 000 ms; 0 waits forever. `cacheLoadTimeoutMs` defaults to
   * what the SDK's attempts at this timeout, their backoff and a managed identity's token retries
   * may take (162 000 ms with the defaults; with 0, no deadline).
   * @throws TypeError when not a whole number from 0 to 2^31-1 (the longest timer delay).
   */
  timeoutMs?: number;
}

/** The options of {@link AzureSecretsBackendOptions} beside the shared ones, for `resolveBackendOptions`. */
const OWN_OPTIONS = {
  vaultUrl: true,
  secretPrefix: true,
  credential: true,
  clientOptions: true,
  client: true,
  timeoutMs: true,
} as const satisfies KnownOptions<Omit<AzureSecretsBackendOptions, keyof SecretsBackendOptions>>;

const DEFAULT_PREFIX = 'dual-auth-';
const DEFAULT_TIMEOUT_MS = 10_000;
const PREFIX = /^[0-9a-zA-Z-]*$/;

/**
 * dual-auth secrets on Azure Key Vault, through the official `@azure/keyvault-secrets` client. A
 * key such as `AGENT_CLIENT_SECRET` is read from the secret `dual-auth-agent-client-secret` of the
 * vault, as the Python library does. Values are cached for `cacheTtlMs` with single-flight.
 *
 * Environment: `DUAL_AUTH_AZURE_VAULT_URL` (required), `DUAL_AUTH_AZURE_SECRET_PREFIX`
 * (`dual-auth-`); `DefaultAzureCredential` reads Azure's own (`AZURE_CLIENT_ID`, `AZURE_TENANT_ID`, …).
 *
 * @example
 * ```ts
 * import { AzureSecretsBackend } from '@dual-auth/secrets-azure';
 *
 * const secrets = new AzureSecretsBackend({ vaultUrl: 'https://my-vault.vault.azure.net' });
 * const clientSecret = await secrets.getSecret('AGENT_CLIENT_SECRET');
 * ```
 */
export class AzureSecretsBackend extends CachedSecretsBackend {
  readonly backendName = 'azure' as const;
  readonly vaultUrl: string;
  readonly secretPrefix: string;
  readonly #client: SecretClient;
  readonly #timeoutMs: number;
  readonly #logger: Logger;

  constructor(options: AzureSecretsBackendOptions = {}) {
    const own = ownSettings(options);
    const { env, logger, cache } = resolveBackendOptions(options, 'AzureSecretsBackend', {
      optionNames: OWN_OPTIONS,
      cacheLoadTimeoutMs: azureLoadTimeoutMs(own.timeoutMs, own.clientOptions?.retryOptions),
    });
    super(cache);
    this.#logger = logger;
    const credential = checkOption<TokenCredential>(options, 'credential', 'object');
    const { clientOptions, timeoutMs } = own;
    const client = checkOption<SecretClient>(options, 'client', 'object');
    this.#timeoutMs = timeoutMs;
    this.vaultUrl = (
      stringSetting(options, 'vaultUrl', env, 'DUAL_AUTH_AZURE_VAULT_URL') ?? ''
    ).trim();
    this.secretPrefix =
      stringSetting(options, 'secretPrefix', env, 'DUAL_AUTH_AZURE_SECRET_PREFIX') ??
      DEFAULT_PREFIX;
    checkVaultUrl(this.vaultUrl, settingSource(options, 'vaultUrl', 'DUAL_AUTH_AZURE_VAULT_URL'));
    if (!PREFIX.test(this.secretPrefix)) {
      throw initError(
        `${settingSource(options, 'secretPrefix', 'DUAL_AUTH_AZURE_SECRET_PREFIX')} may contain only letters, digits and "-".`,
        'Key Vault secret names allow only [0-9a-zA-Z-].',
      );
    }
    this.#client = constructSdkClient(
      () =>
        client ??
        new SecretClient(
          this.vaultUrl,
          credential ?? new DefaultAzureCredential(),
          withResponseSizeCap(clientOptions),
        ),
      {
        backend: 'azure',
        client: 'Azure Key Vault',
        hint: 'Check the credential and clientOptions.',
      },
    );
    this.#logger.info('secrets_backend_initialized', {
      backend: 'azure',
      vault_url: this.vaultUrl,
      prefix: this.secretPrefix,
    });
  }

  /** The secret name that `key` is stored under (`AGENT_CLIENT_SECRET` → `dual-auth-agent-client-secret`). */
  secretName(key: string): string {
    return azureSecretName(key, this.secretPrefix);
  }

  protected locateSecret(key: string): SecretLocation {
    const secretName = this.secretName(key);
    if (!isValidAzureSecretName(secretName)) {
      throw new SecretsBackendError({
        message: `Key '${key}' does not map to a valid Azure Key Vault secret name.`,
        backend: 'azure',
        key,
        hint: 'Keys may contain only letters, digits, "_" and "-" (secret names allow [0-9a-zA-Z-], up to 127).',
      });
    }
    return {
      cacheKey: key,
      fetch: () => this.#fetch(key, secretName),
      missing: ({ reason }) =>
        new SecretsBackendError({
          message:
            reason === 'empty'
              ? `Azure Key Vault secret '${secretName}' is empty.`
              : `Azure Key Vault secret '${secretName}' not found.`,
          backend: 'azure',
          key,
          hint: `Create the secret '${secretName}' with a non-empty value in ${this.vaultUrl}, or check DUAL_AUTH_AZURE_VAULT_URL and DUAL_AUTH_AZURE_SECRET_PREFIX.`,
        }),
    };
  }

  /** Forgets cached values, so the next reads go to Key Vault. */
  clearCache(): void {
    this.forgetCachedSecrets();
  }

  async #fetch(key: string, secretName: string): Promise<SecretLookup> {
    let value: string | undefined;
    try {
      ({ value } = await this.#client.getSecret(secretName, {
        requestOptions: { timeout: this.#timeoutMs },
      }));
    } catch (error) {
      if (isAzureNotFound(error)) return { found: false, reason: 'not-found' };
      this.#logger.warn('secret_fetch_failed', {
        backend: 'azure',
        key,
        secret: secretName,
        status: azureStatus(error) ?? (error instanceof Error ? error.name : 'none'),
      });
      throw azureError(error, { key, secretName });
    }
    // A secret without a value (the SDK types it optional) is as missing as an empty one.
    if (value === undefined || value === '') return { found: false, reason: 'empty' };
    return { found: true, value };
  }

  toString(): string {
    return `AzureSecretsBackend { vaultUrl: ${this.vaultUrl}, prefix: ${this.secretPrefix} }`;
  }

  toJSON(): Record<string, unknown> {
    return {
      backendName: this.backendName,
      vaultUrl: this.vaultUrl,
      secretPrefix: this.secretPrefix,
    };
  }
}

// Read before resolveBackendOptions, which refuses options that are no object with its own message.
function ownSettings(options: unknown): {
  timeoutMs: number;
  clientOptions: SecretClientOptions | undefined;
} {
  if (typeof options !== 'object' || options === null) {
    return { timeoutMs: DEFAULT_TIMEOUT_MS, clientOptions: undefined };
  }
  return {
    // A timer of more than 2^31-1 ms fires after 1 ms: it would cut every request at once.
    timeoutMs: checkOption<number>(options, 'timeoutMs', 'milliseconds') ?? DEFAULT_TIMEOUT_MS,
    clientOptions: checkOption<SecretClientOptions>(options, 'clientOptions', 'object'),
  };
}

/** Refuses a vault URL that is missing, not a URL, or not HTTPS; `source` names where it came from. */
function checkVaultUrl(vaultUrl: string, source: string): void {
  if (vaultUrl === '') {
    throw initError(
      'DUAL_AUTH_AZURE_VAULT_URL environment variable is required for Azure backend.',
      'Set DUAL_AUTH_AZURE_VAULT_URL (or the vaultUrl option) to https://<vault-name>.vault.azure.net.',
    );
  }
  let url: URL;
  try {
    url = new URL(vaultUrl);
  } catch {
    throw initError(`${source} is not a valid URL.`, 'Use https://<vault-name>.vault.azure.net.');
  }
  if (url.protocol !== 'https:' || url.username !== '' || url.password !== '') {
    throw initError(
      `${source} must use HTTPS, without credentials in the URL.`,
      'Use https://<vault-name>.vault.azure.net.',
    );
  }
}

function initError(message: string, hint: string): SecretsBackendError {
  return new SecretsBackendError({ message, backend: 'azure', hint });
}

/**
 * Core's loader entry: `DUAL_AUTH_SECRETS_BACKEND=azure` and `getConfig({ secretsBackend: 'azure' })`
 * call this. Reads `DUAL_AUTH_AZURE_VAULT_URL` and `DUAL_AUTH_AZURE_SECRET_PREFIX` from `options.env`.
 *
 * @example
 * ```ts
 * import { createSecretsBackend } from '@dual-auth/secrets-azure';
 *
 * const secrets = createSecretsBackend({
 *   env: { DUAL_AUTH_AZURE_VAULT_URL: 'https://my-vault.vault.azure.net' },
 * });
 * ```
 */
export function createSecretsBackend(
  options: AzureSecretsBackendOptions = {},
): AzureSecretsBackend {
  return new AzureSecretsBackend(options);
}
