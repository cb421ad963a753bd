import type { LocalIdp } from './local-idp.js';

/**
 * `value` when it is the {@link LocalIdp} `startLocalIdp` resolves to (its `fetch`, `tokenUrl` and
 * `agents`), for the helpers that take one.
 *
 * @throws TypeError naming `idp` and what to pass otherwise.
 */
export function requireLocalIdp(value: unknown): LocalIdp {
  const idp = value as Partial<LocalIdp> | null | undefined;
  if (
    typeof idp?.fetch !== 'function' ||
    typeof idp.tokenUrl !== 'string' ||
    !(idp.agents instanceof Map)
  ) {
    throw new TypeError('idp must be the LocalIdp startLocalIdp resolves to');
  }
  return idp as LocalIdp;
}
