/**
 * Freezes `root` and every object reachable from it, and returns it. Iterative, so an answer
 * nested as deep as its byte limit allows never overflows the stack. Once per answer: a cached
 * introspection answer is then shared by every request with its token, and no request can edit
 * what a later one is verified as (about 4 µs for a 0.5 kB answer, where a copy per request would
 * cost as much on every cache hit).
 */
export function deepFreeze<T>(root: T): T {
  const pending: unknown[] = [root];
  while (pending.length > 0) {
    const value = pending.pop();
    if (typeof value !== 'object' || value === null || Object.isFrozen(value)) continue;
    Object.freeze(value);
    for (const key of Reflect.ownKeys(value)) {
      pending.push((value as Record<PropertyKey, unknown>)[key]);
    }
  }
  return root;
}
