import { readFile } from 'node:fs/promises';
import { envVariable, type KnownOptions, type Logger, SecretsBackendError } from '@dual-auth/core';
import {
  CachedSecretsBackend,
  checkOption,
  deriveLoadTimeoutMs,
  resolveBackendOptions,
  type SecretLocation,
  type SecretLookup,
  type SecretsBackendOptions,
  stringSetting,
} from '@dual-auth/core/secrets-kit';
import { pythonJsonDumps } from './python-json.js';
import { vaultAddress } from './vault-address.js';
import { authenticateVault, type VaultAuthMethod, type VaultAuthSettings } from './vault-auth.js';
import { createVaultClient, type VaultClient } from './vault-client.js';
import {
  type VaultErrorContext,
  vaultNotFoundError,
  vaultReadError,
  vaultStatus,
} from './vault-error.js';
import { vaultRedirectOrigins } from './vault-redirect-origins.js';
import { vaultSecretPath } from './vault-secret-path.js';

const DEFAULT_TIMEOUT_MS = 10_000;
// setTimeout refuses delays above 2^31-1 ms.
const MAX_TIMER_MS = 2_147_483_647;
const DEFAULT_MAX_RESPONSE_BYTES = 1_048_576;
const SAFE_PATH = /^[A-Za-z0-9_-][A-Za-z0-9._-]*(?:\/[A-Za-z0-9_-][A-Za-z0-9._-]*)*$/;

/** Options of {@link VaultSecretsBackend}; each one overrides its environment variable. */
export interface VaultSecretsBackendOptions extends SecretsBackendOptions {
  /**
   * Vault's address, `https://vault.example.com:8200`. Env `VAULT_ADDR` (required). A path is kept
   * as the prefix of every request, as Vault's own client and CLI do (`https://proxy.example/vault`
   * asks `https://proxy.example/vault/v1/…`); a query or fragment is refused.
   */
  address?: string | undefined;
  /** Enterprise namespace, sent as `X-Vault-Namespace`. Env `VAULT_NAMESPACE`. */
  namespace?: string | undefined;
  /** The KV mount. Env `DUAL_AUTH_VAULT_MOUNT`, default `secret`. */
  mount?: string | undefined;
  /** The folder of the secrets in the mount. Env `DUAL_AUTH_VAULT_PATH_PREFIX`, default `dual-auth/`. */
  pathPrefix?: string | undefined;
  /** A Vault token. Env `VAULT_TOKEN`. */
  token?: string | undefined;
  /** AppRole role id. Env `VAULT_ROLE_ID`. */
  roleId?: string | undefined;
  /** AppRole secret id. Env `VAULT_SECRET_ID`. */
  secretId?: string | undefined;
  /** Kubernetes auth role. Env `VAULT_K8S_ROLE`, default `dual-auth`. */
  kubernetesRole?: string | undefined;
  /** The pod's service-account token file. Default `/var/run/secrets/kubernetes.io/serviceaccount/token`. */
  kubernetesTokenPath?: string | undefined;
  /** PEM of an extra certificate authority to trust. Env `VAULT_CACERT` (a file path). */
  caPem?: string | undefined;
  /** Allows an `http://` address on a loopback host (a `vault server -dev`). For tests only. */
  allowInsecureLoopback?: boolean | undefined;
  /**
   * Deadline of one request to Vault, from sending it to the last byte of the answer (a body
   * dripped slowly is cut off too), in ms. Default 10 000. A whole read (login, KV v2 then v1) is
   * also bounded by `cacheLoadTimeoutMs`, whose default is 3 × `timeoutMs` + 5 s (35 000).
   * A whole number from 1 to 2^31-1 (the longest timer delay; there is no "no deadline").
   * @throws TypeError otherwise: a larger timer would fire after 1 ms and fail every read.
   */
  timeoutMs?: number | undefined;
  /**
   * The largest answer body read from Vault, in bytes; a larger one fails the read with a
   * `SecretsBackendError`. Default 1 048 576 (1 MiB), far above any KV secret (Vault's own request
   * limit is 32 MiB, but KV values are kept small).
   */
  maxResponseBytes?: number | undefined;
  /**
   * Origins besides the address's that a 307/308 from Vault may lead to, `https://host:port` each:
   * the nodes of an HA cluster, whose standbys answer 307 with the active node's `api_addr` when
   * they cannot forward a request. The Vault token and login bodies go to them too, so list only
   * your cluster's nodes. Env `DUAL_AUTH_VAULT_REDIRECT_ORIGINS` (comma-separated). Default none:
   * only Vault's own origin.
   */
  redirectOrigins?: readonly string[] | undefined;
}

/** The options of {@link VaultSecretsBackendOptions} beside the shared ones, for `resolveBackendOptions`. */
const OWN_OPTIONS = {
  address: true,
  namespace: true,
  mount: true,
  pathPrefix: true,
  token: true,
  roleId: true,
  secretId: true,
  kubernetesRole: true,
  kubernetesTokenPath: true,
  caPem: true,
  allowInsecureLoopback: true,
  timeoutMs: true,
  maxResponseBytes: true,
  redirectOrigins: true,
} as const satisfies KnownOptions<Omit<VaultSecretsBackendOptions, keyof SecretsBackendOptions>>;

/**
 * dual-auth's {@link @dual-auth/core!SecretsBackend} on HashiCorp Vault's KV secrets engine,
 * through `node-vault`.
 * Key `AGENT_CLIENT_SECRET` is read from `<mount>/dual-auth/agent-client-secret` (KV v2
 * `GET /v1/secret/data/dual-auth/agent-client-secret`, falling back to KV v1 like the Python
 * library). A secret whose data is `{ value: … }` gives that value; any other data gives its JSON.
 * Logs in lazily, on the first read: `VAULT_TOKEN`, else AppRole, else Kubernetes.
 * The token and login credentials go only to the address's origin and `redirectOrigins`: a redirect
 * elsewhere fails the read (set `VAULT_ADDR` to the active node or the load balancer, or list the
 * cluster's nodes in `redirectOrigins`); answers are capped at
 * `maxResponseBytes` and each request at `timeoutMs`, body included.
 *
 * Environment variables: `VAULT_ADDR` (required), `VAULT_NAMESPACE`, `VAULT_TOKEN`,
 * `VAULT_ROLE_ID` + `VAULT_SECRET_ID`, `VAULT_K8S_ROLE` (default `dual-auth`), `VAULT_CACERT`,
 * `DUAL_AUTH_VAULT_MOUNT` (default `secret`), `DUAL_AUTH_VAULT_PATH_PREFIX` (default `dual-auth/`),
 * `DUAL_AUTH_VAULT_REDIRECT_ORIGINS`.
 *
 * @example
 * ```ts
 * import { VaultSecretsBackend } from '@dual-auth/secrets-vault';
 *
 * const backend = new VaultSecretsBackend({ address: 'https://vault.internal:8200' });
 * const secret = await backend.getSecret('AGENT_CLIENT_SECRET');
 * ```
 */
export class VaultSecretsBackend extends CachedSecretsBackend {
  readonly backendName = 'vault' as const;
  /**
   * Vault's address, `https://host:port`, followed by the path of `VAULT_ADDR` (no trailing `/`)
   * when it has one: a Vault behind a path-prefixed proxy.
   */
  readonly address: string;
  readonly namespace: string | undefined;
  readonly mount: string;
  readonly pathPrefix: string;
  readonly #auth: VaultAuthSettings;
  readonly #caPem: string | undefined;
  readonly #caFile: string | undefined;
  readonly #timeoutMs: number;
  readonly #maxResponseBytes: number;
  readonly #redirectOrigins: ReadonlySet<string>;
  readonly #logger: Logger;
  #session: Promise<{ client: VaultClient; method: VaultAuthMethod }> | undefined;

  constructor(options: VaultSecretsBackendOptions = {}) {
    const timeoutMs = ownTimeoutMs(options);
    const { env, logger, cache } = resolveBackendOptions(options, 'VaultSecretsBackend', {
      optionNames: OWN_OPTIONS,
      // A read sends at worst a login, the KV v2 read and its KV v1 fallback.
      cacheLoadTimeoutMs: deriveLoadTimeoutMs({ requests: 3, timeoutMs }),
    });
    super(cache);
    this.#logger = logger;
    const setting = (name: string, variable: string): string | undefined => {
      const value = stringSetting(options, name, env, variable);
      return checkOption(options, name, 'string') === undefined ? value || undefined : value;
    };
    const address = setting('address', 'VAULT_ADDR');
    if (address === undefined) {
      throw new SecretsBackendError({
        message: 'VAULT_ADDR environment variable is required for Vault backend.',
        backend: 'vault',
        hint: 'Set VAULT_ADDR (https://vault.example.com:8200) or pass the address option.',
      });
    }
    const allowInsecureLoopback =
      checkOption<boolean>(options, 'allowInsecureLoopback', 'boolean') ?? false;
    this.address = vaultAddress(address, allowInsecureLoopback);
    this.namespace = setting('namespace', 'VAULT_NAMESPACE');
    this.mount = checkPath(setting('mount', 'DUAL_AUTH_VAULT_MOUNT') ?? 'secret', 'mount');
    this.pathPrefix =
      stringSetting(options, 'pathPrefix', env, 'DUAL_AUTH_VAULT_PATH_PREFIX') ?? 'dual-auth/';
    if (this.pathPrefix.replace(/\/+$/, '') !== '') {
      checkPath(this.pathPrefix.replace(/\/+$/, ''), 'pathPrefix');
    }
    this.#auth = {
      token: setting('token', 'VAULT_TOKEN'),
      roleId: setting('roleId', 'VAULT_ROLE_ID'),
      secretId: setting('secretId', 'VAULT_SECRET_ID'),
      kubernetesRole: setting('kubernetesRole', 'VAULT_K8S_ROLE') ?? 'dual-auth',
      kubernetesTokenPath:
        checkOption<string>(options, 'kubernetesTokenPath', 'string') ??
        '/var/run/secrets/kubernetes.io/serviceaccount/token',
    };
    this.#caPem = checkOption<string>(options, 'caPem', 'string');
    this.#caFile =
      this.#caPem === undefined ? envVariable(env, 'VAULT_CACERT')?.trim() || undefined : undefined;
    this.#timeoutMs = timeoutMs;
    this.#maxResponseBytes =
      checkOption<number>(options, 'maxResponseBytes', 'number') ?? DEFAULT_MAX_RESPONSE_BYTES;
    // Own option only: an inherited list would be where a redirect may take the Vault token.
    this.#redirectOrigins = vaultRedirectOrigins(
      Object.hasOwn(options, 'redirectOrigins') ? options.redirectOrigins : undefined,
      envVariable(env, 'DUAL_AUTH_VAULT_REDIRECT_ORIGINS'),
      allowInsecureLoopback,
    );
    this.#logger.info('secrets_backend_initialized', {
      backend: 'vault',
      vault_addr: this.address,
      mount: this.mount,
      prefix: this.pathPrefix,
    });
  }

  protected locateSecret(key: string): SecretLocation {
    const location = vaultSecretPath(key, this.pathPrefix);
    if (!SAFE_PATH.test(location.path)) {
      throw new SecretsBackendError({
        message: `Key '${key}' does not map to a valid Vault path.`,
        backend: 'vault',
        key,
        hint: "Use letters, digits, '_', '-', '.' and '/' in keys, without '.' or '..' segments.",
      });
    }
    return {
      cacheKey: location.path,
      fetch: () => this.#fetch(key, location.path, location.legacyPath),
      missing: (miss) => vaultNotFoundError(this.#context(key, location.path), miss),
    };
  }

  // The legacy location is read only when the expected one has nothing; a miss names the latter.
  async #fetch(key: string, path: string, legacyPath: string | undefined): Promise<SecretLookup> {
    const lookup = await this.#read(key, path);
    if (lookup.found || legacyPath === undefined) return lookup;
    const legacy = await this.#read(key, legacyPath);
    if (!legacy.found) return lookup;
    this.#logger.warn('vault_legacy_secret_path', {
      backend: 'vault',
      key,
      path: legacyPath,
      expected_path: path,
    });
    return legacy;
  }

  async #read(key: string, path: string, retried = false): Promise<SecretLookup> {
    const context = this.#context(key, path);
    const session = this.#authenticated(context);
    const { client, method } = await session;
    let data: unknown;
    try {
      data = await readKv(client, this.mount, path);
    } catch (error) {
      if (vaultStatus(error) === 403 && method !== 'token' && !retried) {
        // A login token may have expired since it was issued: log in again, once.
        if (this.#session === session) this.#session = undefined;
        return this.#read(key, path, true);
      }
      if (vaultStatus(error) === 404) return { found: false, reason: 'not-found', cause: error };
      this.#logger.warn('secret_fetch_failed', { backend: 'vault', key, path });
      throw vaultReadError(error, context);
    }
    const text = secretText(data, context);
    if (text === '') return { found: false, reason: 'empty' };
    this.#logger.debug('secret_fetched', { backend: 'vault', key, path });
    return { found: true, value: text };
  }

  #context(key: string, path: string): VaultErrorContext {
    return { key, path, mount: this.mount, address: this.address };
  }

  #authenticated(
    context: VaultErrorContext,
  ): Promise<{ client: VaultClient; method: VaultAuthMethod }> {
    if (this.#session === undefined) {
      const session = this.#login(context);
      this.#session = session;
      session.catch(() => {
        if (this.#session === session) this.#session = undefined;
      });
    }
    return this.#session;
  }

  async #login(
    context: VaultErrorContext,
  ): Promise<{ client: VaultClient; method: VaultAuthMethod }> {
    const client = createVaultClient({
      address: this.address,
      namespace: this.namespace,
      caPem: this.#caPem ?? (await this.#readCaFile(context)),
      timeoutMs: this.#timeoutMs,
      maxResponseBytes: this.#maxResponseBytes,
      redirectOrigins: this.#redirectOrigins,
    });
    const method = await authenticateVault(client, this.#auth, context, this.#logger);
    return { client, method };
  }

  async #readCaFile(context: VaultErrorContext): Promise<string | undefined> {
    if (this.#caFile === undefined) return undefined;
    try {
      return await readFile(this.#caFile, 'utf8');
    } catch (error) {
      throw new SecretsBackendError({
        message: 'VAULT_CACERT could not be read.',
        backend: 'vault',
        key: context.key,
        hint: 'Point VAULT_CACERT at a readable PEM file, or pass the caPem option.',
        cause: error,
      });
    }
  }

  toString(): string {
    return `VaultSecretsBackend { address: '${this.address}', mount: '${this.mount}', pathPrefix: '${this.pathPrefix}' }`;
  }

  toJSON(): Record<string, unknown> {
    return {
      backendName: this.backendName,
      address: this.address,
      namespace: this.namespace,
      mount: this.mount,
      pathPrefix: this.pathPrefix,
    };
  }
}

// Read before resolveBackendOptions, which refuses options that are no object with its own message.
// A timer holds at most 2^31-1 ms: a larger delay fires after 1 ms (Node warns, then fails every
// read as a timeout), and AbortSignal.timeout(0) aborts every request at once.
function ownTimeoutMs(options: unknown): number {
  if (typeof options !== 'object' || options === null) return DEFAULT_TIMEOUT_MS;
  const value = checkOption<number>(options, 'timeoutMs', 'number');
  if (value === undefined) return DEFAULT_TIMEOUT_MS;
  if (!Number.isInteger(value) || value < 1 || value > MAX_TIMER_MS) {
    throw new TypeError(
      `options.timeoutMs must be a whole number of milliseconds from 1 to ${MAX_TIMER_MS}: Vault requests always have a deadline (default ${DEFAULT_TIMEOUT_MS})`,
    );
  }
  return value;
}

function checkPath(value: string, name: string): string {
  if (!SAFE_PATH.test(value)) {
    throw new SecretsBackendError({
      message: `Vault ${name} '${value}' is not a valid path.`,
      backend: 'vault',
      hint: "Use letters, digits, '_', '-', '.' and '/', without '.' or '..' segments.",
    });
  }
  return value;
}

// KV v2 first; a 404 there may mean a KV v1 mount, which the Python library also tried.
async function readKv(client: VaultClient, mount: string, path: string): Promise<unknown> {
  try {
    const body = (await client.read(`${mount}/data/${path}`)) as { data?: { data?: unknown } };
    return body.data?.data;
  } catch (error) {
    if (vaultStatus(error) !== 404) throw error;
  }
  const body = (await client.read(`${mount}/${path}`)) as { data?: unknown };
  return body.data;
}

function secretText(data: unknown, context: VaultErrorContext): string {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new SecretsBackendError({
      message: `Vault secret '${context.path}' is malformed: its data is not a key/value map.`,
      backend: 'vault',
      key: context.key,
      hint: 'Write the secret as key/value data, e.g. vault kv put … value=…',
    });
  }
  const fields = Object.keys(data);
  if (fields.length === 1 && fields[0] === 'value') {
    const value = (data as { value: unknown }).value;
    if (value === null) return '';
    return typeof value === 'string' ? value : pythonJsonDumps(value);
  }
  return pythonJsonDumps(data);
}
