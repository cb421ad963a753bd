import { type KnownOptions, type Logger, SecretsBackendError } from '@dual-auth/core';
import {
  CachedSecretsBackend,
  checkOption,
  constructSdkClient,
  deriveLoadTimeoutMs,
  resolveBackendOptions,
  type SecretLocation,
  type SecretLookup,
  type SecretsBackendOptions,
  settingSource,
  stringSetting,
} from '@dual-auth/core/secrets-kit';
import { SecretManagerServiceClient } from '@google-cloud/secret-manager';
import { decodePayload, type PayloadProblem } from './decode-payload.js';
import { gcpError, gcpStatus } from './gcp-error.js';
import { gcpSecretId, gcpSecretVersionPath, isValidGcpSecretId } from './gcp-secret-name.js';
import { watchAnswerSize } from './grpc-answer-watch.js';
import { grpcReceiveLimit, withAnswerSizeCap, withInterceptor } from './sdk-options.js';
import { withDeadline } from './with-deadline.js';

/** Options of `new SecretManagerServiceClient(…)` (endpoint, transport, credentials). */
export type GcpClientOptions = NonNullable<
  ConstructorParameters<typeof SecretManagerServiceClient>[0]
>;

// `Parameters` sees only the last overload (the callback form); the promise form is the first.
type PromiseOverload<F> = F extends {
  (...args: infer A): infer R;
  (...args: never[]): unknown;
  (...args: never[]): unknown;
}
  ? (...args: A) => R
  : never;

/**
 * Per-call options of the SDK (`retry`, `maxRetries`, …). Its `timeout` is not taken: the deadline
 * of a read is {@link GcpSecretsBackendOptions.timeoutMs}.
 */
export type GcpCallOptions = Omit<
  NonNullable<Parameters<PromiseOverload<SecretManagerServiceClient['accessSecretVersion']>>[1]>,
  'timeout'
>;

/** Options of {@link GcpSecretsBackend}; each one wins over its environment variable. */
export interface GcpSecretsBackendOptions extends SecretsBackendOptions {
  /** The project holding the secrets. Env `DUAL_AUTH_GCP_PROJECT` (required). */
  projectId?: string;
  /** Prepended to every secret id. Env `DUAL_AUTH_GCP_SECRET_PREFIX`, default `dual-auth-`. */
  secretPrefix?: string;
  /**
   * Options for the SDK client. Default none: gRPC to `secretmanager.googleapis.com` with
   * Application Default Credentials. Answers are read up to 1 MiB: a longer one fails the read with
   * a `SecretsBackendError` naming the secret. Over gRPC the channel's
   * `grpc.max_receive_message_length` is set to 1 048 576 bytes; one given here may only lower it.
   * Set `fallback: true` for HTTP/1.1 REST, whose answers (the token endpoint's too) are read
   * through a 1 MiB cap; a `transporterOptions.adapter` in `clientOptions.clientOptions` is kept,
   * inside that cap. The cap is not yours to keep when you bring the transport: an `auth` or
   * `authClient` (over REST, it reads the answers), a `clientOptions.transporter` (it reads the
   * token endpoint's answers, and over REST Secret Manager's), or a `grpc.channelFactoryOverride` or
   * `grpc.callInvocationTransformer` that builds a channel without the options it is given.
   * @throws TypeError when `grpc.max_receive_message_length` (or `grpc.grpc.max_receive_message_length`)
   *   is not an integer from 1 to 1 048 576 (`-1`, no limit, included).
   */
  clientOptions?: GcpClientOptions;
  /**
   * Deadline of each read in milliseconds, fetching the OAuth token included. Default 10 000.
   * `cacheLoadTimeoutMs` defaults to `timeoutMs` + 5 s.
   * @throws TypeError when not a positive number up to 2^31-1 (the longest timer delay).
   */
  timeoutMs?: number;
  /**
   * Other options of each `accessSecretVersion` call. Default `{ retry: null }`: one attempt, so a
   * throttled or unreachable service is reported as such at once (the SDK's own policy retries
   * those for up to 10 minutes and then reports only the timeout). A `timeout` here is refused
   * with a `TypeError`: use `timeoutMs`. An answer over the gRPC receive limit is not retried,
   * whatever `retry` says, and fails the read with the answer-size error (grpc-js
   * `otherArgs.options.interceptors` of yours are kept).
   */
  callOptions?: GcpCallOptions;
  /** A ready client; wins over `clientOptions` and is not closed by {@link GcpSecretsBackend.close}. */
  client?: SecretManagerServiceClient;
}

/** The options of {@link GcpSecretsBackendOptions} beside the shared ones, for `resolveBackendOptions`. */
const OWN_OPTIONS = {
  projectId: true,
  secretPrefix: true,
  clientOptions: true,
  timeoutMs: true,
  callOptions: true,
  client: true,
} as const satisfies KnownOptions<Omit<GcpSecretsBackendOptions, keyof SecretsBackendOptions>>;

const DEFAULT_PREFIX = 'dual-auth-';
const DEFAULT_TIMEOUT_MS = 10_000;
// setTimeout refuses delays above 2^31-1 ms.
const MAX_TIMER_MS = 2_147_483_647;
const PROJECT_ID = /^[A-Za-z0-9.:-]+$/;
const PREFIX = /^[A-Za-z0-9_-]*$/;

const PROBLEMS: Readonly<Record<PayloadProblem, [string, string]>> = {
  missing: ['has no payload', 'Add a version with a value to the secret.'],
  checksum: [
    'failed its CRC32C check',
    'The payload was corrupted in transit or at rest; retry, then check the secret version.',
  ],
  utf8: [
    'is not valid UTF-8 text',
    'Store the value as UTF-8 text (dual-auth reads text secrets).',
  ],
};

/**
 * dual-auth secrets on Google Cloud Secret Manager, through the official client. A key such as
 * `AGENT_CLIENT_SECRET` is read from
 * `projects/<DUAL_AUTH_GCP_PROJECT>/secrets/dual-auth-agent-client-secret/versions/latest`, as the
 * Python library does. Values are cached for `cacheTtlMs` with single-flight.
 *
 * Environment: `DUAL_AUTH_GCP_PROJECT` (required), `DUAL_AUTH_GCP_SECRET_PREFIX` (`dual-auth-`);
 * the SDK reads Google's own (`GOOGLE_APPLICATION_CREDENTIALS`, …) for Application Default Credentials.
 *
 * @example
 * ```ts
 * import { GcpSecretsBackend } from '@dual-auth/secrets-gcp';
 *
 * const secrets = new GcpSecretsBackend({ projectId: 'my-project' });
 * const clientSecret = await secrets.getSecret('AGENT_CLIENT_SECRET');
 * const vendor = await secrets.getSecret('DUAL_AUTH_VENDOR', { required: false });
 * await secrets.close();
 * ```
 */
export class GcpSecretsBackend extends CachedSecretsBackend {
  readonly backendName = 'gcp' as const;
  readonly projectId: string;
  readonly secretPrefix: string;
  readonly #client: SecretManagerServiceClient;
  readonly #ownsClient: boolean;
  readonly #callOptions: GcpCallOptions & { timeout: number };
  readonly #logger: Logger;
  readonly #grpcMaxBytes: number;

  constructor(options: GcpSecretsBackendOptions = {}) {
    const { env, logger, cache } = resolveBackendOptions(options, 'GcpSecretsBackend', {
      optionNames: OWN_OPTIONS,
      // One call, bounded whole (credentials and any retries of callOptions.retry) by timeoutMs.
      cacheLoadTimeoutMs: deriveLoadTimeoutMs({ requests: 1, timeoutMs: ownTimeoutMs(options) }),
    });
    super(cache);
    this.#logger = logger;
    const clientOptions = checkOption<GcpClientOptions>(options, 'clientOptions', 'object');
    const client = checkOption<SecretManagerServiceClient>(options, 'client', 'object');
    const callOptions = checkOption<GcpCallOptions>(options, 'callOptions', 'object') ?? {};
    if ('timeout' in callOptions) {
      throw new TypeError(
        'GcpSecretsBackend: callOptions.timeout is not used; pass timeoutMs (milliseconds) instead',
      );
    }
    const timeoutMs = checkOption<number>(options, 'timeoutMs', 'number') ?? DEFAULT_TIMEOUT_MS;
    // A timer holds at most 2^31-1 ms: a larger deadline fires after 1 ms and fails every read.
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0 || timeoutMs > MAX_TIMER_MS) {
      throw new TypeError(
        `options.timeoutMs must be a number of milliseconds above 0 and up to ${MAX_TIMER_MS}: every read has a deadline (default ${DEFAULT_TIMEOUT_MS})`,
      );
    }
    this.#callOptions = { retry: null, ...callOptions, timeout: timeoutMs };
    this.projectId = (
      stringSetting(options, 'projectId', env, 'DUAL_AUTH_GCP_PROJECT') ?? ''
    ).trim();
    this.secretPrefix =
      stringSetting(options, 'secretPrefix', env, 'DUAL_AUTH_GCP_SECRET_PREFIX') ?? DEFAULT_PREFIX;
    if (this.projectId === '') {
      throw initError(
        'DUAL_AUTH_GCP_PROJECT environment variable is required for GCP backend.',
        'Set DUAL_AUTH_GCP_PROJECT (or the projectId option) to the project that holds the secrets.',
      );
    }
    if (!PROJECT_ID.test(this.projectId)) {
      throw initError(
        `${settingSource(options, 'projectId', 'DUAL_AUTH_GCP_PROJECT')} is not a valid project id or number.`,
        'Use the project id (my-project) or number (123456789012).',
      );
    }
    if (!PREFIX.test(this.secretPrefix)) {
      throw initError(
        `${settingSource(options, 'secretPrefix', 'DUAL_AUTH_GCP_SECRET_PREFIX')} may contain only letters, digits, "-" and "_".`,
        'Secret Manager secret ids allow only [A-Za-z0-9_-].',
      );
    }
    this.#grpcMaxBytes = grpcReceiveLimit(clientOptions);
    this.#ownsClient = client === undefined;
    this.#client = constructSdkClient(
      () =>
        client ??
        new SecretManagerServiceClient(withAnswerSizeCap(clientOptions, this.#grpcMaxBytes)),
      { backend: 'gcp', client: 'GCP Secret Manager', hint: 'Check clientOptions.' },
    );
    this.#logger.info('secrets_backend_initialized', {
      backend: 'gcp',
      project: this.projectId,
      prefix: this.secretPrefix,
    });
  }

  /** The secret id that `key` is stored under (`AGENT_CLIENT_SECRET` → `dual-auth-agent-client-secret`). */
  secretId(key: string): string {
    return gcpSecretId(key, this.secretPrefix);
  }

  protected locateSecret(key: string): SecretLocation {
    const secretId = this.secretId(key);
    if (!isValidGcpSecretId(secretId)) {
      throw new SecretsBackendError({
        message: `Key '${key}' does not map to a valid GCP secret id.`,
        backend: 'gcp',
        key,
        hint: 'Keys may contain only letters, digits, "_" and "-" (secret ids allow [A-Za-z0-9_-], up to 255).',
      });
    }
    return {
      cacheKey: key,
      fetch: () => this.#fetch(key, secretId),
      missing: ({ reason }) =>
        new SecretsBackendError({
          message:
            reason === 'empty'
              ? `GCP secret '${secretId}' in project '${this.projectId}' is empty.`
              : `GCP secret '${secretId}' not found in project '${this.projectId}'.`,
          backend: 'gcp',
          key,
          hint: `Create projects/${this.projectId}/secrets/${secretId} with a non-empty version, or check DUAL_AUTH_GCP_PROJECT and DUAL_AUTH_GCP_SECRET_PREFIX.`,
        }),
    };
  }

  /** Forgets cached values, so the next reads go to Secret Manager. */
  clearCache(): void {
    this.forgetCachedSecrets();
  }

  /** Closes the SDK client this backend created (a client passed in stays open). */
  async close(): Promise<void> {
    if (this.#ownsClient) await this.#client.close();
  }

  async #fetch(key: string, secretId: string): Promise<SecretLookup> {
    let payload: Parameters<typeof decodePayload>[0];
    const watch = watchAnswerSize();
    try {
      const [version] = await withDeadline(
        this.#client.accessSecretVersion(
          { name: gcpSecretVersionPath(this.projectId, secretId) },
          withInterceptor(this.#callOptions, watch.interceptor),
        ),
        this.#callOptions.timeout,
      );
      payload = version.payload;
    } catch (error) {
      if (gcpStatus(error) === 'NOT_FOUND') return { found: false, reason: 'not-found' };
      const failure = gcpError(error, {
        key,
        secretId,
        projectId: this.projectId,
        grpcMaxBytes: this.#grpcMaxBytes,
        grpcTooLarge: watch.tooLarge(),
      });
      this.#logger.warn('secret_fetch_failed', {
        backend: 'gcp',
        key,
        secret: secretId,
        status: gcpStatus(error) ?? 'none',
      });
      throw failure;
    }
    const decoded = decodePayload(payload);
    if ('problem' in decoded) {
      const [what, hint] = PROBLEMS[decoded.problem];
      throw new SecretsBackendError({
        message: `GCP secret '${secretId}' ${what}.`,
        backend: 'gcp',
        key,
        hint,
      });
    }
    if (decoded.text === '') return { found: false, reason: 'empty' };
    return { found: true, value: decoded.text };
  }

  toString(): string {
    return `GcpSecretsBackend { project: ${this.projectId}, prefix: ${this.secretPrefix} }`;
  }

  toJSON(): Record<string, unknown> {
    return {
      backendName: this.backendName,
      projectId: this.projectId,
      secretPrefix: this.secretPrefix,
    };
  }
}

// Read before the options are checked (resolveBackendOptions, then timeoutMs below, each with its
// own message): a timeoutMs they will refuse gives the default here.
function ownTimeoutMs(options: unknown): number {
  const value = (options as { timeoutMs?: unknown } | null)?.timeoutMs;
  return typeof value === 'number' && Number.isFinite(value) && value > 0
    ? value
    : DEFAULT_TIMEOUT_MS;
}

function initError(message: string, hint: string): SecretsBackendError {
  return new SecretsBackendError({ message, backend: 'gcp', hint });
}

/**
 * Core's loader entry: `DUAL_AUTH_SECRETS_BACKEND=gcp` and `getConfig({ secretsBackend: 'gcp' })`
 * call this. Reads `DUAL_AUTH_GCP_PROJECT` and `DUAL_AUTH_GCP_SECRET_PREFIX` from `options.env`.
 *
 * @example
 * ```ts
 * import { createSecretsBackend } from '@dual-auth/secrets-gcp';
 *
 * const secrets = createSecretsBackend({ env: { DUAL_AUTH_GCP_PROJECT: 'my-project' } });
 * ```
 */
export function createSecretsBackend(options: GcpSecretsBackendOptions = {}): GcpSecretsBackend {
  return new GcpSecretsBackend(options);
}
