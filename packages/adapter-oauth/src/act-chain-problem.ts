import { findActProblem } from '@dual-auth/core/adapter-kit';

function isActor(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// An actor id follows core's one rule for an `act.sub` (a string, not blank, bounded, without
// control characters), as the resource guard reads it.
function isId(value: unknown): value is string {
  return findActProblem({ sub: value }) === undefined;
}

/**
 * What is wrong with an RFC 8693 §4.1 `act` chain (`act`, `act.act`, …) that the resource guard's
 * `rfc8693` layout would refuse: an actor that is not an object (a string, an array), one without
 * an actor id in `sub`, or the human named as an actor anywhere in the chain (an actor's `sub` or
 * `oid` one of the human's ids). The chain is read from
 * a decoded token, so its length is bounded by the token's.
 *
 * @param humanIds the token's human ids (`sub`, `oid`).
 * @returns the problem, naming the claim at fault and never a value; `undefined` for a good chain.
 * @example
 * actChainProblem({ sub: 'agent', act: { sub: 'u-1' } }, ['u-1']); // 'act.act.sub is the human'
 */
export function actChainProblem(act: unknown, humanIds: readonly string[]): string | undefined {
  for (let current = act, depth = 0; current !== undefined; depth += 1) {
    const path = `act${'.act'.repeat(depth)}`;
    if (!isActor(current)) return `${path} is not an object`;
    if (!isId(current.sub)) return `${path} has no actor id in sub`;
    if (humanIds.includes(current.sub)) return `${path}.sub is the human`;
    // The guard reads an actor's `oid` as one of its ids too (Entra-shaped actors).
    if (typeof current.oid === 'string' && humanIds.includes(current.oid)) {
      return `${path}.oid is the human`;
    }
    current = current.act;
  }
  return undefined;
}
