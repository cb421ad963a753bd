import type { CallScope } from './call-scope.js';

const SCOPE = Symbol('dual-auth.client.callScope');

/** A returned answer, with the deadline of the call that got it. */
type BoundedResponse = Response & { [SCOPE]?: CallScope };

const READERS = ['arrayBuffer', 'blob', 'bytes', 'formData', 'json', 'text'] as const;

function boundedReader(name: (typeof READERS)[number]) {
  return function read(this: BoundedResponse, ...args: unknown[]): Promise<unknown> {
    const own = (Object.getPrototypeOf(this) as Record<string, unknown>)[name];
    if (typeof own !== 'function') throw new TypeError(`response.${name} is not a function`);
    const reading = own.apply(this, args) as Promise<unknown>;
    const scope = this[SCOPE];
    if (scope === undefined) return reading;
    return scope.within(reading).finally(() => scope.end());
  };
}

// Shared by every answer, so bounding one costs no closure.
const BOUNDED_READERS: PropertyDescriptorMap = Object.fromEntries(
  READERS.map((name) => [name, { configurable: true, writable: true, value: boundedReader(name) }]),
);

/**
 * Bounds the body of a returned answer by the call's deadline and ends the deadline as soon as
 * the body is read. The answer stays the runtime's own `Response` (status, headers, `url`, and
 * what the runtime checks when the answer is passed on): only its body readers (`json()`,
 * `text()`, …) are overridden on the instance, to end the deadline when they settle and to reject
 * with the deadline's `ApiCallError` if it passes first. A caller that reads `body` as a stream is
 * bounded by the request's abort at the deadline (the Fetch standard errors the body with the
 * abort reason), and the deadline then ends when it passes.
 *
 * Wrapping the body in a new stream would tell when a stream reader is done too, but costs about a
 * quarter of a loopback HTTPS call (undici's own body reading takes a slower path).
 */
export function boundedResponse(response: Response, scope: CallScope): Response {
  if (response.body === null || !Object.isExtensible(response)) {
    scope.end();
    return response;
  }
  Object.defineProperties(response, BOUNDED_READERS);
  (response as BoundedResponse)[SCOPE] = scope;
  scope.release();
  return response;
}
