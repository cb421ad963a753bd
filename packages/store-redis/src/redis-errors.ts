import { errorClassOf } from '@dual-auth/core';
import { errorWord } from '@dual-auth/core/secrets-kit';

/** Whether `error` is Redis's error reply (node-redis's `ErrorReply`, from any copy of it). */
export function isErrorReply(error: unknown): boolean {
  for (let at = error; at instanceof Error; at = Object.getPrototypeOf(at)) {
    if (at.constructor.name === 'ErrorReply') return true;
  }
  return false;
}

/**
 * What a log line may say of a Redis client's error: its class, and its code, errno's
 * (`ECONNREFUSED`) or the one that starts Redis's error reply (`WRONGPASS`, `NOAUTH`, `NOPERM`,
 * `LOADING`: the reply's first word, upper case; redis.io "Redis serialization protocol
 * specification", "Simple errors"), when it is one: upper case, digits and `_`, at most 64
 * characters. Never the message, which may hold a host, a key or a user.
 *
 * The class is the constructor's name when the error's `name` is the bare `Error`: node-redis
 * sets no `name`, so each of its errors (`SocketClosedUnexpectedlyError` for a connection Redis
 * closed, `ConnectionTimeoutError`, `SimpleError` for an error reply) would read `Error`.
 */
export function redisErrorFields(error: unknown): { error_type: string; error_code?: string } {
  const named = errorClassOf(error);
  const errorType =
    named === 'Error' ? (errorWord((error as Error).constructor?.name) ?? named) : named;
  const errno = (error as { code?: unknown } | null)?.code;
  const code = typeof errno === 'string' ? codeWord(errno) : replyCode(error);
  return { error_type: errorType, ...(code === undefined ? {} : { error_code: code }) };
}

// A code as Node (`ECONNREFUSED`, `ERR_SSL_…`, undici's `UND_ERR_…`) and Redis (`NOPERM`) write
// them: upper case, digits and `_`, at most 64 characters; any other `code` is not repeated.
const CODE = /^[A-Z][A-Z0-9_]{0,63}(?= |$)/;

function codeWord(errno: string): string | undefined {
  return CODE.exec(errno)?.[0] === errno ? errno : undefined;
}

function replyCode(error: unknown): string | undefined {
  if (!isErrorReply(error)) return undefined;
  return CODE.exec((error as Error).message)?.[0];
}
