/** A request the runtime refused to make for want of a permission: configuration, not the network. */
export interface PermissionRefusal {
  /** The runtime's error class: Deno's `NotCapable`. */
  readonly code: string;
  /** What to do about it, in one sentence. */
  readonly advice: string;
}

// Deno's own text (https://docs.deno.com/runtime/fundamentals/security/), which says what to do
// and names the host and port only: kept when it is exactly that (a copy `safeFetchCause` redacted
// is not).
const DENO_NET = /^Requires net access to "[\w.:[\]-]+", run again with the --allow-net flag$/;

/**
 * Tells whether a `fetch` failure is Deno refusing network access (`Deno.errors.NotCapable`: run
 * without `--allow-net`, or with an `--allow-net=…` list that leaves the host out), looking
 * through the error and its `cause` chain, 5 deep (or a copy by `safeFetchCause`, which keeps the
 * name). Deno throws it before connecting, and not as a `TypeError`, so it would read as an
 * unreachable host or an unexpected error; retrying cannot help. The advice is Deno's message
 * when it is its usual text (the host and port, never a path or query), else the flag.
 *
 * @returns the code and the advice, or `undefined` for any other failure.
 * @example
 * permissionRefusal(error)?.advice;
 * // 'Requires net access to "idp.example:443", run again with the --allow-net flag'
 */
export function permissionRefusal(error: unknown): PermissionRefusal | undefined {
  for (let at = error, depth = 0; depth < 5 && at instanceof Error; depth++, at = at.cause) {
    if (at.name === 'NotCapable') {
      return {
        code: 'NotCapable',
        advice: DENO_NET.test(at.message) ? at.message : 'run Deno with --allow-net',
      };
    }
  }
  return undefined;
}
