/**
 * Puts `root` and every object nested in it on a `null` prototype, as core's `parseJsonObject`
 * does for a JWT's claims, and returns it: a value a prototype-pollution bug set on
 * `Object.prototype` (an `act`, a `scope`, an `exp`) never stands in for a claim an introspection
 * answer lacks. Arrays keep theirs (`aud.includes` is used). Iterative, so an answer nested as deep
 * as its byte limit allows never overflows the stack.
 */
export function ownClaimsOnly<T>(root: T): T {
  const pending: unknown[] = [root];
  while (pending.length > 0) {
    const value = pending.pop();
    if (typeof value !== 'object' || value === null) continue;
    if (!Array.isArray(value)) Object.setPrototypeOf(value, null);
    for (const key of Object.keys(value)) {
      pending.push((value as Record<string, unknown>)[key]);
    }
  }
  return root;
}
