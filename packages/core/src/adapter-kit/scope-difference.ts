/** How a token answer's `scope` differs from the request, name by name. */
export interface ScopeDifference {
  /** The requested names the answer leaves out, in the request's order. */
  readonly missing: readonly string[];
  /** The distinct names the answer grants that the request did not ask for, in its order. */
  readonly extra: readonly string[];
}

/**
 * Both sides of a token answer's `scope` against the request: scope names are compared whole and
 * case-sensitively, as RFC 6749 §3.3 defines them (space-delimited, case-sensitive strings). No
 * difference when the answer has no string `scope`: the requested one then holds (§5.1).
 *
 * @example
 * scopeDifference(['finance.read', 'finance.write'], 'finance.read profile');
 * // { missing: ['finance.write'], extra: ['profile'] }
 */
export function scopeDifference(
  requested: string | readonly string[],
  granted: unknown,
): ScopeDifference {
  if (typeof granted !== 'string') return { missing: [], extra: [] };
  const asked = typeof requested === 'string' ? requested.split(' ') : requested;
  const askedNames = new Set(asked);
  const grantedNames = new Set(granted.split(' '));
  return {
    missing: asked.filter((scope) => scope !== '' && !grantedNames.has(scope)),
    extra: [...grantedNames].filter((scope) => scope !== '' && !askedNames.has(scope)),
  };
}
