/**
 * Refuses an option that has bound tokens checked here beside `boundTokens: 'checked-upstream'`
 * (a gateway checked them): the caller gives one of them.
 *
 * @throws TypeError naming both options.
 */
export function refuseBesideCheckedUpstream(
  value: unknown,
  boundTokens: unknown,
  name: string,
  checks: string,
  why: string,
): void {
  if (value === undefined || boundTokens !== 'checked-upstream') return;
  throw new TypeError(
    `options.${name} has ${checks} checked here, and boundTokens: 'checked-upstream' says a gateway did${why}: give one of them`,
  );
}

/**
 * Refuses `dpop` beside `boundTokens: 'checked-upstream'`: a DPoP-bound token sent as Bearer
 * would be admitted without its key (RFC 9449 §7.2's downgrade).
 *
 * @throws TypeError saying to give one of them.
 */
export function refuseDpopCheckedUpstream(dpop: unknown, boundTokens: unknown): void {
  refuseBesideCheckedUpstream(
    dpop,
    boundTokens,
    'dpop',
    'DPoP proofs',
    ' (a DPoP-bound token sent as Bearer would be admitted without its key)',
  );
}
