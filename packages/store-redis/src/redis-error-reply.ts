/** Whether `error` is Redis's error reply (node-redis's `ErrorReply`, from any copy of it). */
export function isErrorReply(error: unknown): boolean {
  for (let at = error; at instanceof Error; at = Object.getPrototypeOf(at)) {
    if (at.constructor.name === 'ErrorReply') return true;
  }
  return false;
}

/**
 * The code that starts Redis's error reply (`WRONGPASS`, `NOAUTH`, `NOPERM`, `OOM`, `LOADING`,
 * `ERR`…: the first word, upper case, of the RESP error; redis.io "Redis serialization protocol
 * specification", "Simple errors"), or `undefined` when `error` is no error reply or starts
 * otherwise. Only that word: the rest of the reply may name a key or a user.
 */
export function redisErrorCode(error: unknown): string | undefined {
  if (!isErrorReply(error)) return undefined;
  return /^([A-Z][A-Z0-9_]{0,31})(?: |$)/.exec((error as Error).message)?.[1];
}
