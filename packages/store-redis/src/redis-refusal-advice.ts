// What each of Redis's error codes (the reply's first word) needs, on the Redis side or in how
// this process reaches it (redis.io "Redis serialization protocol specification", "Simple errors").
const ADVICE: Readonly<Record<string, string>> = {
  OOM: 'it is at its maxmemory (free memory or raise it)',
  READONLY:
    "the client reaches a replica (a createRedisClient client connects again to follow a failover behind its URL's address, redis_replica_reached; a URL that names a replica, point it at the primary)",
  MASTERDOWN:
    "the client reaches a replica cut off from its primary, which serves no stale data (a createRedisClient client connects again to follow a failover behind its URL's address, redis_replica_reached; a URL that names a replica, point it at the primary)",
  LOADING: 'it is loading its data (wait)',
  NOAUTH:
    "it requires authentication this connection has not passed (put the right credentials in the client's URL or clientOptions, or turn off Redis's requirepass)",
  WRONGPASS:
    "it refuses the client's password or ACL user (fix the credentials in its URL or clientOptions, or Redis's requirepass or ACL)",
  NOPERM:
    "its ACL user lacks a command or key the stores need (grant it @read, @write and @scripting on the prefix's keys, and TIME (+time): the stores read Redis's clock)",
  WRONGTYPE:
    "another program wrote a key of another type under this store's prefix (delete it, and give each program sharing this Redis a prefix of its own)",
};

// ERR is Redis's generic code, and what the stores' scripts answer for a refusal of any kind
// (an ACL's, a key of another type): its cause may be any of them.
const ANY = Object.entries(ADVICE)
  .map(([code, advice]) => `${code}, ${advice}`)
  .join('; ');

/**
 * What to do about Redis's error reply of `code` (`NOAUTH`, `OOM`…; `undefined` when the reply has
 * none): that code's advice only (`ERR`, which the stores' scripts answer whatever the cause:
 * each code's), then that the next call works once it is fixed. Never the reply's text, which may
 * name a user or a key.
 *
 * @example
 * refusalAdvice('READONLY'); // 'Redis refused the command: the client reaches a replica (…); …'
 */
export function refusalAdvice(code: string | undefined): string {
  const advice =
    code !== undefined && Object.hasOwn(ADVICE, code)
      ? ADVICE[code]
      : code === 'ERR'
        ? `a script's refusal reads ERR whatever its cause, one of: ${ANY}`
        : "look its error code up in Redis's documentation and its log";
  return `Redis refused the command: ${advice}; the next call works once that is fixed, without a restart`;
}
