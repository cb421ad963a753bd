import { safeRemoteText } from '../adapter-kit/scrub-credentials.js';
import { errorClassOf } from '../errors/error-class-of.js';
import { errorWord } from './error-word.js';

const CAUSE_MESSAGE_MAX = 500;

/** Options of {@link safeCause}. */
export interface SafeCauseOptions {
  /**
   * Keep the error's message (control characters removed, at most 500 characters). Default true;
   * false for errors whose text may quote what was sent, e.g. a parser's.
   */
  readonly keepMessage?: boolean | undefined;
  /**
   * The `code` of the copy, e.g. a gRPC status name. Default: the error's own string `code`. Kept
   * only when it is an identifier ({@link errorWord}).
   */
  readonly code?: string | undefined;
}

/**
 * A copy of an SDK or network error that is safe to keep as a `SecretsBackendError`'s `cause`: it
 * has the error's name and code when each is an identifier ({@link errorWord}: an SDK takes them
 * from the answer; else `Error` and no code) and (by default) its message, every email in it blanked (a service's
 * denial names the caller: AWS's `assumed-role/…/jane.doe@corp.example`) and every credential it
 * quotes redacted, and drops everything else, such as the request with its `Authorization` header,
 * the response body or the parsed credentials.
 *
 * @example
 * ```ts
 * import { safeCause } from '@dual-auth/core/secrets-kit';
 *
 * new SecretsBackendError({ message, backend: 'aws', key, cause: safeCause(sdkError) });
 * ```
 */
export function safeCause(error: unknown, options: SafeCauseOptions = {}): Error {
  const { keepMessage = true } = options;
  if (!(error instanceof Error)) return new Error('unknown error');
  const message = keepMessage ? remoteText(error.message, CAUSE_MESSAGE_MAX) : undefined;
  const name = errorClassOf(error);
  // Without the message, the class name alone: `error.name` may be anything an SDK set.
  const copy = new Error(message ?? name);
  copy.name = name;
  const code = errorWord(options.code ?? (error as { code?: unknown }).code);
  if (code !== undefined) Object.assign(copy, { code });
  return copy;
}

// A service's words as an IdP's are kept (`safeRemoteText`): cut to a working length first, every
// email blanked, credentials redacted, trimmed.
const remoteText = (text: unknown, max = 200): string | undefined => safeRemoteText(text, [], max);

/**
 * A short, single-line account of `error` for a message: its message trimmed to 200 characters,
 * every email blanked and every credential it quotes redacted, else its name; `'unknown error'`
 * for a thrown non-error.
 *
 * @example
 * ```ts
 * import { describeError } from '@dual-auth/core/secrets-kit';
 *
 * `Key Vault error: ${describeError(error)}`;
 * ```
 */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return 'unknown error';
  return remoteText(error.message) ?? error.name;
}
