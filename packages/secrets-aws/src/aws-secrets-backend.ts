import { Agent } from 'node:https';
import { rootCertificates } from 'node:tls';
import {
  GetSecretValueCommand,
  type GetSecretValueCommandOutput,
  SecretsManagerClient,
  type SecretsManagerClientConfig,
} from '@aws-sdk/client-secrets-manager';
import {
  ConfigurationError,
  type EnvRecord,
  type KnownOptions,
  type Logger,
  ownOption,
  SecretsBackendError,
} from '@dual-auth/core';
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
import { awsEndpoint, ignoresConfiguredEndpoints } from './aws-endpoint.js';
import {
  type AwsErrorContext,
  type AwsReadTimeouts,
  awsError,
  awsInsecureEndpointError,
  awsNotFoundError,
  awsTimeoutError,
  awsTooLargeError,
  awsUnknownBodyError,
  isAwsNotFound,
} from './aws-error.js';
import { awsSecretName } from './aws-secret-name.js';
import { defaultTotalTimeoutMs } from './default-total-timeout.js';
import { holdEndpointToHttps } from './https-endpoint-guard.js';
import {
  capResponseBytes,
  MAX_RESPONSE_BYTES,
  ResponseTooLargeError,
  UnknownResponseBodyError,
} from './response-size-cap.js';

const DEFAULT_REGION = 'us-east-1';
const DEFAULT_PREFIX = 'dual-auth/';
const DEFAULT_TIMEOUT_MS = 10_000;
// setTimeout refuses delays above 2^31-1 ms.
const MAX_TIMER_MS = 2_147_483_647;

/** Options of {@link AwsSecretsBackend}; each one overrides its environment variable. */
export interface AwsSecretsBackendOptions extends SecretsBackendOptions {
  /** Region of the secrets. Env `DUAL_AUTH_AWS_REGION`, default `us-east-1`. */
  region?: string | undefined;
  /** Prepended to each key. Env `DUAL_AUTH_AWS_SECRET_PREFIX`, default `dual-auth/`. */
  secretPrefix?: string | undefined;
  /**
   * Secrets Manager endpoint URL (VPC endpoint, emulator), HTTPS only. Else
   * `AWS_ENDPOINT_URL_SECRETS_MANAGER` or `AWS_ENDPOINT_URL` of the `env` option when it is given,
   * else wherever the AWS SDK finds one (those variables in the process environment, `endpoint_url`
   * of the shared config file). Wherever it comes from, the URL each request goes to is held to
   * HTTPS. Default: the SDK's for the region. For plain http to a non-loopback host (LocalStack
   * by its docker compose name) pass your own `client`.
   */
  endpoint?: string | undefined;
  /** Allows an `http://` endpoint (from any source) on a loopback host. For tests only. */
  allowInsecureLoopback?: boolean | undefined;
  /** Static credentials or a provider. Default: the AWS SDK's default provider chain. */
  credentials?: SecretsManagerClientConfig['credentials'] | undefined;
  /** PEM of an extra certificate authority to trust besides the system roots. */
  caPem?: string | undefined;
  /**
   * Attempts per read, retries included (SDK standard retry mode). Default: the SDK's (3).
   * @throws TypeError when not a positive integer.
   */
  maxAttempts?: number | undefined;
  /**
   * Per-attempt timeout in ms: the SDK's connection and socket-idle timeouts, so an attempt that
   * hangs is cut and retried (up to `maxAttempts`). Default 10 000. Ignored with `client`.
   * @throws TypeError when not a whole number from 0 to 2^31-1 (the longest timer delay).
   */
  timeoutMs?: number | undefined;
  /**
   * Deadline of a whole read in ms, retries, backoff and the answer's body included (a body
   * dripped byte by byte resets the socket-idle timer, never this one). Default
   * `timeoutMs × maxAttempts`, plus 20 000 (the SDK's cap on a retry's backoff) when
   * `maxAttempts` > 1: 50 000 with the defaults, at most 2^31-1 (the longest timer delay). With
   * `client`, applied only when set.
   * @throws TypeError when not a whole number from 1 to 2^31-1.
   */
  totalTimeoutMs?: number | undefined;
  /**
   * A configured client to use instead of building one (region, endpoint, allowInsecureLoopback,
   * credentials, caPem, maxAttempts and timeoutMs then ignored: its endpoint and timing are its
   * own).
   */
  client?: SecretsManagerClient | undefined;
}

/** The options of {@link AwsSecretsBackendOptions} beside the shared ones, for `resolveBackendOptions`. */
const OWN_OPTIONS = {
  region: true,
  secretPrefix: true,
  endpoint: true,
  allowInsecureLoopback: true,
  credentials: true,
  caPem: true,
  maxAttempts: true,
  timeoutMs: true,
  totalTimeoutMs: true,
  client: true,
} as const satisfies KnownOptions<Omit<AwsSecretsBackendOptions, keyof SecretsBackendOptions>>;

/**
 * dual-auth's {@link @dual-auth/core!SecretsBackend} on AWS Secrets Manager, through the official
 * AWS SDK v3.
 * Key `AGENT_CLIENT_SECRET` is read from the secret `dual-auth/AGENT_CLIENT_SECRET` (the prefix is
 * not added twice), as the Python library does. Values are kept in a TTL cache with
 * single-flight; failures are {@link SecretsBackendError}s that name the key and never the value.
 *
 * Environment variables: `DUAL_AUTH_AWS_REGION` (default `us-east-1`),
 * `DUAL_AUTH_AWS_SECRET_PREFIX` (default `dual-auth/`). Credentials come from the AWS default
 * provider chain (`AWS_ACCESS_KEY_ID`…, shared config, SSO, web identity, ECS/EC2 metadata).
 *
 * @example
 * ```ts
 * import { AwsSecretsBackend } from '@dual-auth/secrets-aws';
 *
 * const backend = new AwsSecretsBackend({ region: 'eu-west-1' });
 * const secret = await backend.getSecret('AGENT_CLIENT_SECRET');
 * ```
 */
export class AwsSecretsBackend extends CachedSecretsBackend {
  readonly backendName = 'aws' as const;
  /** The region read from. */
  readonly region: string;
  /** The prefix of secret names. */
  readonly secretPrefix: string;
  readonly #client: SecretsManagerClient;
  readonly #logger: Logger;
  /** Region of the errors' hints: `undefined` for a client passed in. */
  readonly #clientRegion: string | undefined;
  /** `undefined` for a client passed in without `totalTimeoutMs`: no deadline of ours. */
  readonly #timeouts: AwsReadTimeouts | undefined;

  constructor(options: AwsSecretsBackendOptions = {}) {
    const totalTimeoutMs = checkTotalTimeoutMs(options);
    const client = checkOption<SecretsManagerClient>(options, 'client', 'object');
    // Timers hold 2^31-1 ms at most: a longer one fires after 1 ms and fails every read.
    const timeoutMs =
      checkOption<number>(options, 'timeoutMs', 'milliseconds') ?? DEFAULT_TIMEOUT_MS;
    const maxAttempts = checkOption<number>(options, 'maxAttempts', 'positiveInteger');
    const readTimeouts: AwsReadTimeouts | undefined =
      client === undefined
        ? {
            timeoutMs,
            totalTimeoutMs: totalTimeoutMs ?? defaultTotalTimeoutMs(timeoutMs, maxAttempts),
          }
        : totalTimeoutMs === undefined
          ? undefined
          : { timeoutMs: undefined, totalTimeoutMs };
    // The cache waits for a read as long as the read may take. A client passed in without
    // totalTimeoutMs keeps its own timing, within the cache's default deadline: a stalled store
    // must not hold every read of a key (brk23).
    const { env, logger, cache } = resolveBackendOptions(options, 'AwsSecretsBackend', {
      optionNames: OWN_OPTIONS,
      ...(readTimeouts === undefined
        ? {}
        : {
            cacheLoadTimeoutMs: deriveLoadTimeoutMs({
              requests: 1,
              timeoutMs: readTimeouts.totalTimeoutMs,
            }),
          }),
    });
    super(cache);
    this.#logger = logger;
    const region = stringSetting(options, 'region', env, 'DUAL_AUTH_AWS_REGION');
    // A blank variable means the default; an option is taken as given (trimmed).
    this.region =
      checkOption(options, 'region', 'string') === undefined
        ? region || DEFAULT_REGION
        : (region as string);
    this.secretPrefix =
      stringSetting(options, 'secretPrefix', env, 'DUAL_AUTH_AWS_SECRET_PREFIX') ?? DEFAULT_PREFIX;
    this.#timeouts = readTimeouts;
    if (client === undefined) {
      this.#client = buildClient(options, env, this.region, timeoutMs, maxAttempts);
      this.#clientRegion = this.region;
    } else {
      this.#client = client;
      this.#clientRegion = undefined;
    }
    this.#logger.info('secrets_backend_initialized', {
      backend: 'aws',
      region: this.region,
      prefix: this.secretPrefix,
    });
  }

  protected locateSecret(key: string): SecretLocation {
    const name = awsSecretName(key, this.secretPrefix);
    const context: AwsErrorContext = { key, name, region: this.#clientRegion };
    return {
      cacheKey: name,
      fetch: () => this.#fetch(context),
      missing: (miss) => awsNotFoundError(context, miss),
    };
  }

  async #fetch(context: AwsErrorContext): Promise<SecretLookup> {
    const { key, name } = context;
    const command = new GetSecretValueCommand({ SecretId: name });
    capResponseBytes(command, MAX_RESPONSE_BYTES);
    // The SDK's requestTimeout is a socket-idle timer, which every dripped byte resets.
    const deadline =
      this.#timeouts === undefined ? undefined : AbortSignal.timeout(this.#timeouts.totalTimeoutMs);
    let output: GetSecretValueCommandOutput;
    try {
      output = await this.#client.send(
        command,
        deadline === undefined ? {} : { abortSignal: deadline },
      );
    } catch (error) {
      if (isAwsNotFound(error)) return { found: false, reason: 'not-found', cause: error };
      this.#logger.warn('secret_fetch_failed', { backend: 'aws', key, secret_name: name });
      if (error instanceof ResponseTooLargeError) {
        throw awsTooLargeError(error, context, MAX_RESPONSE_BYTES);
      }
      if (error instanceof UnknownResponseBodyError) {
        throw awsUnknownBodyError(error, context, error.kind);
      }
      if (error instanceof ConfigurationError) throw awsInsecureEndpointError(error, context);
      if (this.#timeouts !== undefined && deadline?.aborted) {
        throw awsTimeoutError(error, context, this.#timeouts);
      }
      throw awsError(error, context);
    }
    const text = secretText(output, key, name);
    if (text === '') return { found: false, reason: 'empty' };
    this.#logger.debug('secret_fetched', { backend: 'aws', key, secret_name: name });
    return { found: true, value: text };
  }

  toString(): string {
    return `AwsSecretsBackend { region: '${this.region}', secretPrefix: '${this.secretPrefix}' }`;
  }

  toJSON(): Record<string, unknown> {
    return { backendName: this.backendName, region: this.region, secretPrefix: this.secretPrefix };
  }
}

function buildClient(
  options: AwsSecretsBackendOptions,
  env: EnvRecord,
  region: string,
  timeoutMs: number,
  maxAttempts: number | undefined,
): SecretsManagerClient {
  const allowInsecureLoopback =
    checkOption<boolean>(options, 'allowInsecureLoopback', 'boolean') ?? false;
  const endpoint = awsEndpoint(
    checkOption<string>(options, 'endpoint', 'string'),
    options.env === undefined ? {} : env,
    allowInsecureLoopback,
  );
  const caPem = checkOption<string>(options, 'caPem', 'string');
  // `credentials` is always an own property, undefined for the SDK's default chain: the SDK copies
  // its config by spreading (own properties only) and then reads `credentials` by name, so without
  // one it would take a value set on a polluted Object.prototype and sign every read with it.
  const config = {
    region,
    credentials: ownOption(options, 'credentials'),
    requestHandler: {
      connectionTimeout: timeoutMs,
      requestTimeout: timeoutMs,
      // Without it the handler only warns (on the console) and keeps waiting for the answer.
      throwOnRequestTimeout: true,
      ...(caPem === undefined
        ? {}
        : { httpsAgent: new Agent({ ca: [...rootCertificates, caPem] }) }),
    },
  } as SecretsManagerClientConfig;
  if (endpoint !== undefined) config.endpoint = endpoint;
  if (maxAttempts !== undefined) config.maxAttempts = maxAttempts;
  // An `env` option saying so keeps the SDK from reading the variables of the process instead.
  if (options.env !== undefined && ignoresConfiguredEndpoints(env)) {
    config.ignoreConfiguredEndpointUrls = true;
  }
  const client = new SecretsManagerClient(config);
  // The SDK still resolves the endpoint itself from the process environment and the shared
  // config file; the URL it resolved is checked before anything is sent.
  holdEndpointToHttps(client, allowInsecureLoopback);
  return client;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

// SecretBinary arrives already base64-decoded by the SDK; the Python library decoded it a second
// time, which this port does not repeat (docs/wire-format.md, "Fixed behind the same names").
function secretText(output: GetSecretValueCommandOutput, key: string, name: string): string {
  const malformed = (what: string): SecretsBackendError =>
    new SecretsBackendError({
      message: `AWS secret '${name}' is malformed: ${what}.`,
      backend: 'aws',
      key,
      hint: 'Store the value as a non-empty SecretString (or UTF-8 SecretBinary).',
    });
  let text: string;
  if (typeof output.SecretString === 'string') {
    text = output.SecretString;
  } else if (output.SecretBinary !== undefined) {
    try {
      text = UTF8.decode(output.SecretBinary);
    } catch {
      throw malformed('SecretBinary is not UTF-8 text');
    }
  } else {
    throw malformed('it has neither SecretString nor SecretBinary');
  }
  return text;
}

// AbortSignal.timeout(0) aborts at once, and a fraction of a millisecond throws a RangeError there.
function checkTotalTimeoutMs(options: unknown): number | undefined {
  const value = checkOption<number>(options, 'totalTimeoutMs', 'milliseconds');
  if (value === 0) {
    throw new TypeError(
      `options.totalTimeoutMs must be a whole number of milliseconds from 1 to ${MAX_TIMER_MS}: every read needs a deadline (leave it unset for the default)`,
    );
  }
  return value;
}
