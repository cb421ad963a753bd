import { REDACTED, SecretsBackendError } from '@dual-auth/core';
import {
  describeError,
  isNetworkError,
  redactQuotedCredentials,
  safeCause,
} from '@dual-auth/core/secrets-kit';
import { isAnswerTooLarge, MAX_ANSWER_BYTES } from './answer-size-cap.js';
import { isGrpcMessageTooLarge } from './grpc-answer-watch.js';

/** gRPC status names by number, as Secret Manager reports them. */
const STATUS: Readonly<Record<number, string>> = {
  1: 'CANCELLED',
  2: 'UNKNOWN',
  3: 'INVALID_ARGUMENT',
  4: 'DEADLINE_EXCEEDED',
  5: 'NOT_FOUND',
  7: 'PERMISSION_DENIED',
  8: 'RESOURCE_EXHAUSTED',
  9: 'FAILED_PRECONDITION',
  13: 'INTERNAL',
  14: 'UNAVAILABLE',
  16: 'UNAUTHENTICATED',
};

/** Where a failed read happened. */
export interface GcpErrorContext {
  readonly key: string;
  readonly secretId: string;
  readonly projectId: string;
  /** The gRPC channel's receive limit in bytes (grpc.max_receive_message_length). */
  readonly grpcMaxBytes: number;
  /** Whether grpc-js refused an answer of this read as over `grpcMaxBytes` (before any retry). */
  readonly grpcTooLarge?: boolean;
}

/** The gRPC status name of an SDK error, or undefined when it carries none. */
export function gcpStatus(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'number' ? (STATUS[code] ?? `CODE_${code}`) : undefined;
}

/**
 * The {@link SecretsBackendError} for a failed `AccessSecretVersion` (NOT_FOUND is handled by the
 * caller). The cause is a copy that keeps the error's name, status and server message and drops
 * the rest: the SDK's error holds the request, whose headers carry the OAuth token.
 */
export function gcpError(
  error: unknown,
  { key, secretId, projectId, grpcMaxBytes, grpcTooLarge = false }: GcpErrorContext,
): SecretsBackendError {
  const maxBytes = isAnswerTooLarge(error)
    ? MAX_ANSWER_BYTES
    : grpcTooLarge || isGrpcMessageTooLarge(error)
      ? grpcMaxBytes
      : undefined;
  if (maxBytes !== undefined) {
    return new SecretsBackendError({
      message: `GCP Secret Manager's answer for secret '${secretId}' is larger than ${maxBytes} bytes.`,
      backend: 'gcp',
      key,
      cause: {
        name: 'AnswerTooLargeError',
        message: `The answer is longer than ${maxBytes} bytes.`,
      },
      hint: 'A secret version holds at most 64 KiB: check apiEndpoint and any proxy in between, which answered instead of Secret Manager.',
    });
  }
  const status = isCredentialFailure(error) ? 'UNAUTHENTICATED' : gcpStatus(error);
  const resource = `projects/${projectId}/secrets/${secretId}`;
  const cause = safeCause(error, { code: status });
  cause.message = concealCredentials(cause.message);
  const base = { backend: 'gcp' as const, key, cause };
  switch (status) {
    case 'PERMISSION_DENIED':
      return new SecretsBackendError({
        ...base,
        message: `Permission denied accessing GCP secret '${secretId}'.`,
        hint: `Grant the caller roles/secretmanager.secretAccessor on ${resource}, and check that DUAL_AUTH_GCP_PROJECT is the project holding it.`,
      });
    case 'UNAUTHENTICATED':
      return new SecretsBackendError({
        ...base,
        message: `GCP authentication failed accessing secret '${secretId}' (${concealCredentials(describeError(error))}).`,
        hint: 'Check Application Default Credentials: GOOGLE_APPLICATION_CREDENTIALS, `gcloud auth application-default login`, or the workload identity of the runtime.',
      });
    case 'RESOURCE_EXHAUSTED':
      return new SecretsBackendError({
        ...base,
        message: `GCP Secret Manager throttled reading secret '${secretId}' (RESOURCE_EXHAUSTED).`,
        hint: 'Retry later, raise the Secret Manager access quota, or keep the secrets cache on (cacheTtlMs).',
      });
    case 'FAILED_PRECONDITION':
      return new SecretsBackendError({
        ...base,
        message: `GCP secret '${secretId}' has no enabled latest version (FAILED_PRECONDITION).`,
        hint: `Enable or add a version of ${resource}.`,
      });
    case 'UNAVAILABLE':
    case 'DEADLINE_EXCEEDED':
    case 'CANCELLED':
    case undefined:
      if (status !== undefined || isNetworkError(error)) {
        return new SecretsBackendError({
          ...base,
          message: `GCP Secret Manager is unreachable reading secret '${secretId}' (${status ?? 'network error'}).`,
          hint: 'Check the network path to secretmanager.googleapis.com (or apiEndpoint), proxies and TLS trust.',
        });
      }
      return new SecretsBackendError({
        ...base,
        message: `GCP Secret Manager error: ${concealCredentials(describeError(error))}`,
      });
    default:
      return new SecretsBackendError({
        ...base,
        message: `GCP Secret Manager error: ${status} reading secret '${secretId}'.`,
      });
  }
}

// The auth library's failures reach us as the token endpoint's RFC 6749 error code (which gax
// files under the HTTP status, e.g. 400 → INVALID_ARGUMENT) or as ADC finding no credentials.
const CREDENTIAL_FAILURE =
  /^(invalid_grant|invalid_client|unauthorized_client|invalid_scope|access_denied)\b|default credentials/i;

function isCredentialFailure(error: unknown): boolean {
  return error instanceof Error && CREDENTIAL_FAILURE.test(error.message);
}

// Google's OAuth credentials as they travel (access tokens `ya29.…`, refresh tokens `1//…`, OAuth
// client secrets `GOCSPX-…`), on top of core's rule for any quoted credential (`Bearer …`, a JWT):
// a server or proxy quoting the request it was sent (`Invalid Credentials: Bearer ya29.…`) must
// not put them in our message, which apps log. A refresh token starts a word (not the `1//` of an
// address, `https://10.0.0.1//v1/…`).
const GOOGLE_CREDENTIAL = /\bya29\.[\w.~+/=-]+|(?<![\w.:/])1\/\/[\w.~+/=-]+|\bGOCSPX-[\w-]+/gi;

/**
 * `text` with every credential it quotes replaced by `***REDACTED***`: core's
 * `redactQuotedCredentials`, then Google's OAuth credential shapes.
 */
export function concealCredentials(text: string): string {
  return redactQuotedCredentials(text).replace(GOOGLE_CREDENTIAL, REDACTED);
}
