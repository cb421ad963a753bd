import { hostAndPort } from './describe-network-failure.js';

/** A request the runtime refused to make for want of a permission: configuration, not the network. */
export interface PermissionRefusal {
  /** The runtime's error class: Deno's `NotCapable`. */
  readonly code: string;
  /** What to do about it, in one sentence. */
  readonly advice: string;
  /**
   * The permission refused, as Deno names it in its message and flag (`net`, `read`, `env`, …:
   * `--allow-<permission>`); absent when the message names none of Deno's.
   */
  readonly permission?: string;
}

// Deno's own text (https://docs.deno.com/runtime/fundamentals/security/), which says what to do
// and names the host and port only (a DNS name and port fit in 262 characters): kept when it is
// exactly that (a copy `safeFetchCause` redacted is not).
const DENO_NET =
  /^Requires net access to "([\w.:[\]-]{1,262})", run again with the --allow-net flag$/;
// Deno's head of every refusal, "Requires <permission> access to …", with its permissions (each
// one's flag is --allow-<permission>). The rest quotes the resource: a path or a variable's name,
// never repeated.
const DENO_REFUSAL = /^Requires (read|write|net|env|sys|run|ffi|import) access\b/;

/**
 * Tells whether a `fetch` failure is Deno refusing a permission (`Deno.errors.NotCapable`): network
 * access (run without `--allow-net`, or with an `--allow-net=…` list that leaves the host out), or
 * another that a custom `fetch` needed (`--allow-read` for a file it reads, `--allow-env` for a
 * variable), looking through the error and its `cause` chain, 5 deep (or a copy by
 * `safeFetchCause`, which keeps the name). Deno throws it before connecting, and not as a
 * `TypeError`, so it would read as an unreachable host or an unexpected error; retrying cannot
 * help. The advice is Deno's message when it is its usual net text (the host and port, never a
 * path or query), else the flag of the permission its message names (`Requires read access …`:
 * `--allow-read`; the path or variable it quotes is not repeated), else "a Deno permission"
 * without a guess (https://docs.deno.com/runtime/fundamentals/security/). Given the URL the
 * caller asked for, a refused host that is not its host and port (a redirect led there: the
 * server's choice) is said to be one, without advice to allow it.
 *
 * @param requested - The URL the caller asked for, when the request follows redirects.
 * @returns the code and the advice, or `undefined` for any other failure.
 * @example
 * permissionRefusal(error)?.advice;
 * // 'Requires net access to "idp.example:443", run again with the --allow-net flag'
 */
export function permissionRefusal(error: unknown, requested?: URL): PermissionRefusal | undefined {
  for (let at = error, depth = 0; depth < 5 && at instanceof Error; depth++, at = at.cause) {
    if (at.name === 'NotCapable') {
      const permission = DENO_REFUSAL.exec(at.message)?.[1];
      const refusal = { code: 'NotCapable', advice: advice(at.message, permission, requested) };
      return permission === undefined ? refusal : { ...refusal, permission };
    }
  }
  return undefined;
}

function advice(
  message: string,
  permission: string | undefined,
  requested: URL | undefined,
): string {
  if (permission === undefined) {
    return 'run Deno with the flag of the permission it refused (a Deno permission; its message names it)';
  }
  const host = DENO_NET.exec(message)?.[1];
  if (host === undefined) return `run Deno with --allow-${permission}`;
  if (requested === undefined || host === hostAndPort(requested)) return message;
  return `a redirect led to "${host}", which --allow-net leaves out: allow it only if this program should reach it`;
}
