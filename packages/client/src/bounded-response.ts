import type { CallScope } from './call-scope.js';

const SCOPE = Symbol('dual-auth.client.callScope');

/** A returned answer, with the deadline of the call that got it. */
type BoundedResponse = Response & { [SCOPE]?: CallScope | undefined };

const READERS = ['arrayBuffer', 'blob', 'bytes', 'formData', 'json', 'text'] as const;

function boundedReader(base: object, name: (typeof READERS)[number]) {
  return function read(this: BoundedResponse, ...args: unknown[]): Promise<unknown> {
    const own = (base as Record<string, unknown>)[name];
    if (typeof own !== 'function') throw new TypeError(`response.${name} is not a function`);
    const reading = own.apply(this, args) as Promise<unknown>;
    const scope = this[SCOPE];
    if (scope === undefined) return reading;
    return scope.within(reading, () => {
      // fetch's answers live until a full GC (a FinalizationRegistry holds them, which the young
      // generation's collection treats as strong): once read, the answer no longer holds the call.
      this[SCOPE] = undefined;
      scope.end();
    });
  };
}

// Per runtime Response prototype (the global one, undici's, a polyfill's): the same prototype with
// the bounded readers on top, built once. Giving an answer this prototype costs a fraction of
// defining six properties on it.
const boundedPrototypes = new WeakMap<object, object>();

function boundedPrototypeOf(base: object): object {
  let prototype = boundedPrototypes.get(base);
  if (prototype === undefined) {
    prototype = Object.create(
      base,
      Object.fromEntries(
        READERS.map((name) => [
          name,
          { configurable: true, writable: true, value: boundedReader(base, name) },
        ]),
      ),
    ) as object;
    boundedPrototypes.set(base, prototype);
  }
  return prototype;
}

/**
 * Bounds the body of a returned answer by the call's deadline and ends the deadline as soon as
 * the body is read. The answer stays the runtime's own `Response` (status, headers, `url`,
 * `instanceof Response`, and what the runtime checks when the answer is passed on): it only gets
 * a prototype that derives from its own and overrides the body readers (`json()`, `text()`, …), to
 * end the deadline when they settle and to reject with the deadline's `ApiCallError` if it passes
 * first. A caller that reads `body` as a stream is bounded by the request's abort at the deadline
 * (the Fetch standard errors the body with the abort reason), and the deadline then ends when it
 * passes.
 *
 * Wrapping the body in a new stream would tell when a stream reader is done too, but costs about a
 * quarter of a loopback HTTPS call (undici's own body reading takes a slower path).
 */
export function boundedResponse(response: Response, scope: CallScope): Response {
  const base: unknown = Object.getPrototypeOf(response);
  if (response.body === null || !Object.isExtensible(response) || base === null) {
    scope.end();
    return response;
  }
  Object.setPrototypeOf(response, boundedPrototypeOf(base as object));
  (response as BoundedResponse)[SCOPE] = scope;
  scope.release();
  return response;
}
