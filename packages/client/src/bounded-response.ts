import { ApiCallError, urlRouteForLogging } from '@dual-auth/core';
import { safeFetchCause } from '@dual-auth/core/adapter-kit';
import type { CallScope } from './call-scope.js';
import { shownCodings, undecodableBody } from './content-encoding-failure.js';

const SCOPE = Symbol('dual-auth.client.callScope');
const CALL = Symbol('dual-auth.client.call');

/** The request an answer is for: its errors name the method and the URL as logs show it. */
export interface AnsweredCall {
  readonly method: string;
  readonly url: URL;
}

/** A returned answer, with the deadline of the call that got it. */
type BoundedResponse = Response & {
  [SCOPE]?: CallScope | undefined;
  [CALL]?: AnsweredCall | undefined;
};

/**
 * A body read's rejection as the caller gets it: a decoder's (the body does not match its
 * `Content-Encoding`) as an {@link ApiCallError} `encoding` that says so, without the body.
 */
function bodyReadError(response: BoundedResponse, error: unknown): unknown {
  const call = response[CALL];
  if (call === undefined || !undecodableBody(error)) return error;
  const url = urlRouteForLogging(call.url);
  return new ApiCallError({
    message: `API call failed: ${call.method} ${url} answered HTTP ${response.status} with a body its Content-Encoding (${shownCodings(response)}) does not describe: corrupt, cut short or not encoded that way; retrying will not help: fix the API (or ask it for an unencoded body with Accept-Encoding: identity)`,
    method: call.method,
    url,
    status: response.status,
    reason: 'encoding',
    cause: safeFetchCause(error),
  });
}

const READERS = ['arrayBuffer', 'blob', 'bytes', 'formData', 'json', 'text'] as const;

function boundedReader(base: object, name: (typeof READERS)[number]) {
  return function read(this: BoundedResponse, ...args: unknown[]): Promise<unknown> {
    const own = (base as Record<string, unknown>)[name];
    if (typeof own !== 'function') throw new TypeError(`response.${name} is not a function`);
    const reading = own.apply(this, args) as Promise<unknown>;
    const scope = this[SCOPE];
    if (scope === undefined) return reading;
    return scope.within(
      reading,
      () => {
        // fetch's answers live until a full GC (a FinalizationRegistry holds them, which the young
        // generation's collection treats as strong): once read, the answer no longer holds the call.
        this[SCOPE] = undefined;
        scope.end();
      },
      (error) => bodyReadError(this, error),
    );
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
 * first, and a body that its `Content-Encoding` does not describe (a decoder's error) with an
 * `ApiCallError` `encoding` naming `call`. A caller that reads `body` as a stream is bounded by the request's abort at the deadline
 * (the Fetch standard errors the body with the abort reason), and the deadline then ends when it
 * passes.
 *
 * Wrapping the body in a new stream would tell when a stream reader is done too, but costs about a
 * quarter of a loopback HTTPS call (undici's own body reading takes a slower path).
 */
export function boundedResponse(
  response: Response,
  scope: CallScope,
  call: AnsweredCall,
): Response {
  const base: unknown = Object.getPrototypeOf(response);
  if (response.body === null || !Object.isExtensible(response) || base === null) {
    scope.end();
    return response;
  }
  Object.setPrototypeOf(response, boundedPrototypeOf(base as object));
  (response as BoundedResponse)[SCOPE] = scope;
  (response as BoundedResponse)[CALL] = call;
  scope.release();
  return response;
}
