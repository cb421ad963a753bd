import { type ConfigurationError, SecretsBackendError } from '@dual-auth/core';
import { errorWord, isNetworkError, type SecretMiss, safeCause } from '@dual-auth/core/secrets-kit';

/** Where a failed read was aimed, for the error's message and hint. */
export interface AwsErrorContext {
  key: string;
  name: string;
  /** The backend's region; `undefined` for a client passed in, whose region is its own. */
  region: string | undefined;
}

/** Secrets Manager as a hint names it: in the backend's region, or through the caller's client. */
function where(region: string | undefined): string {
  return region === undefined
    ? 'Secrets Manager (through the client passed in)'
    : `Secrets Manager in region '${region}'`;
}

const THROTTLED = new Set(['ThrottlingException', 'TooManyRequestsException', 'Throttling']);

/** True for Secrets Manager's "no such secret" answer, which `required: false` may hide. */
export function isAwsNotFound(error: unknown): boolean {
  return error instanceof Error && error.name === 'ResourceNotFoundException';
}

/** The secret does not exist, or is empty, which counts as missing. */
export function awsNotFoundError(
  { key, name, region }: AwsErrorContext,
  miss: SecretMiss,
): SecretsBackendError {
  return new SecretsBackendError({
    message:
      region === undefined
        ? `AWS secret '${name}' not found.`
        : `AWS secret '${name}' not found in region '${region}'.`,
    backend: 'aws',
    key,
    hint:
      region === undefined
        ? `Create the secret '${name}' with a non-empty value in the region of the client passed in, or point DUAL_AUTH_AWS_SECRET_PREFIX at where it lives.`
        : `Create the secret '${name}' with a non-empty value in region '${region}', or point DUAL_AUTH_AWS_REGION and DUAL_AUTH_AWS_SECRET_PREFIX at where it lives.`,
    cause:
      miss.reason === 'empty' ? new Error('The secret value is empty.') : safeCause(miss.cause),
  });
}

/**
 * Turns a failure of `GetSecretValue` (other than not found) into a SecretsBackendError that never
 * holds the value.
 */
export function awsError(
  error: unknown,
  { key, name, region }: AwsErrorContext,
): SecretsBackendError {
  // The SDK names a service error after the answer's `__type`: a word of it, or none.
  const errorName = (error instanceof Error ? errorWord(error.name) : undefined) ?? 'UnknownError';
  const isServiceError = typeof (error as { $fault?: unknown } | null)?.$fault === 'string';
  const make = (message: string, hint: string, keepMessage: boolean): SecretsBackendError =>
    new SecretsBackendError({
      message,
      backend: 'aws',
      key,
      hint,
      cause: safeCause(error, { keepMessage }),
    });

  if (errorName === 'AccessDeniedException') {
    return make(
      `Access denied to AWS secret '${name}'.`,
      'Allow secretsmanager:GetSecretValue on this secret (and kms:Decrypt on its KMS key) for the IAM role dual-auth runs as.',
      true,
    );
  }
  if (THROTTLED.has(errorName)) {
    return make(
      `AWS Secrets Manager error: ${errorName}`,
      'Secrets Manager throttled the read after the SDK retries; read less often (raise cacheTtlMs) or retry later.',
      true,
    );
  }
  if (errorName === 'CredentialsProviderError') {
    return make(
      `AWS credentials not found for secret '${name}'.`,
      'Give the process AWS credentials through the default provider chain (env, shared config, SSO, web identity, ECS or EC2 metadata) or the credentials option.',
      true,
    );
  }
  if (!isServiceError && isNetworkError(error)) {
    return make(
      `AWS connection error: ${errorWord((error as { code?: unknown }).code) ?? errorName}`,
      `${where(region)} could not be reached; check the network, proxy and TLS trust, or the endpoint option.`,
      true,
    );
  }
  return make(
    `AWS Secrets Manager error: ${errorName}`,
    'See the cause; the request reached Secrets Manager but did not return the secret.',
    isServiceError,
  );
}

/** How long a read may take: each attempt, and the whole read. */
export interface AwsReadTimeouts {
  /** Of each attempt (the SDK's connection and socket-idle timeouts); `undefined` for a client passed in. */
  timeoutMs: number | undefined;
  /** Of the whole read, retries and the answer's body included. */
  totalTimeoutMs: number;
}

/** The whole read (retries included) did not finish within `totalTimeoutMs`; it was aborted. */
export function awsTimeoutError(
  error: unknown,
  { key, region }: AwsErrorContext,
  { timeoutMs, totalTimeoutMs }: AwsReadTimeouts,
): SecretsBackendError {
  const limits =
    timeoutMs === undefined
      ? `within totalTimeoutMs (${totalTimeoutMs} ms)`
      : `within timeoutMs (${timeoutMs} ms) per attempt and totalTimeoutMs (${totalTimeoutMs} ms) for the whole read`;
  return new SecretsBackendError({
    message: 'AWS connection error: ETIMEDOUT',
    backend: 'aws',
    key,
    hint: `${where(region)} did not answer in full ${limits}; check the network and the endpoint, or raise the timeouts.`,
    cause: safeCause(error, { keepMessage: false }),
  });
}

/** The endpoint the SDK resolved is not HTTPS (nor allowed loopback http); nothing was sent. */
export function awsInsecureEndpointError(
  error: ConfigurationError,
  { key }: AwsErrorContext,
): SecretsBackendError {
  return new SecretsBackendError({
    message: error.message,
    backend: 'aws',
    key,
    hint: 'Point it at an https:// endpoint. For LocalStack on loopback (http://localhost:4566) set allowInsecureLoopback: true; for plain http to another host (http://localstack:4566 in docker compose) pass your own client, built with that endpoint.',
    cause: error,
  });
}

/** The answer was longer than any Secrets Manager answer can be; it was not read to the end. */
export function awsTooLargeError(
  error: unknown,
  { key, name }: AwsErrorContext,
  maxBytes: number,
): SecretsBackendError {
  return new SecretsBackendError({
    message: `AWS answer for secret '${name}' is longer than ${maxBytes} bytes.`,
    backend: 'aws',
    key,
    hint: 'Secrets Manager caps a secret value at 64 KiB; check that the endpoint (or a proxy on the way) is Secrets Manager.',
    cause: safeCause(error, { keepMessage: true }),
  });
}

/** The client's request handler gave the answer's body as something the size cap cannot bound. */
export function awsUnknownBodyError(
  error: unknown,
  { key, name }: AwsErrorContext,
  kind: string,
): SecretsBackendError {
  return new SecretsBackendError({
    message: `AWS answer for secret '${name}' came as a body of type ${kind}, whose length cannot be bounded; it was not read.`,
    backend: 'aws',
    key,
    hint: "Pass a client whose requestHandler gives bodies as Node streams or web ReadableStreams, as the SDK's NodeHttpHandler and FetchHttpHandler do.",
    cause: safeCause(error, { keepMessage: true }),
  });
}
