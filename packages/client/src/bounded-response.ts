import { ApiCallError, urlRouteForLogging } from '@dual-auth/core';
import {
  BodyTooLargeError,
  fetchFailureCode,
  readBoundedBody,
  safeFetchCause,
} from '@dual-auth/core/adapter-kit';
import type { CallScope } from './call-scope.js';
import { shownCodings, undecodableBody } from './content-encoding-failure.js';

const SCOPE = Symbol('dual-auth.client.callScope');
const CALL = Symbol('dual-auth.client.call');
const MAX_BYTES = Symbol('dual-auth.client.maxResponseBytes');

/** The request an answer is for: its errors name the method and the URL as logs show it. */
export interface AnsweredCall {
  readonly method: string;
  readonly url: URL;
}

/** A returned answer, with the deadline of the call that got it and the bytes its readers take. */
type BoundedResponse = Response & {
  [SCOPE]?: CallScope | undefined;
  [CALL]?: AnsweredCall | undefined;
  [MAX_BYTES]: number;
};

/**
 * The runtime's code of a body stream that broke off (undici's `TypeError: terminated`, caused by
 * its `UND_ERR_SOCKET` or the socket's `ECONNRESET`), or `undefined` for any other rejection (a
 * body already read is a `TypeError` with no cause: the caller's own mistake, left as it is).
 */
function brokeOffCode(error: unknown): string | undefined {
  if (!(error instanceof TypeError)) return undefined;
  const code = (error.cause as { code?: unknown } | null | undefined)?.code;
  return typeof code === 'string' ? fetchFailureCode(error) : undefined;
}

/**
 * A body read's rejection as the caller gets it: a body past `maxResponseBytes` as an
 * {@link ApiCallError} `too_large`, a decoder's (the body does not match its `Content-Encoding`)
 * as one `encoding`, a body that broke off (the connection closed before its end) as one
 * `network`; each message says what to do and holds nothing of the body.
 */
function bodyReadError(
  response: Response,
  call: AnsweredCall | undefined,
  error: unknown,
): unknown {
  if (call === undefined) return error;
  const tooLarge = BodyTooLargeError.isInstance(error);
  if (!(tooLarge || undecodableBody(error))) return brokeOff(response, call, error);
  const url = urlRouteForLogging(call.url);
  return new ApiCallError({
    message: `API call failed: ${call.method} ${url} answered HTTP ${response.status} with a body ${
      tooLarge
        ? `over maxResponseBytes (${error.maxBytes} bytes, decoded): raise maxResponseBytes if its answers are this large, or read response.body as a stream`
        : `its Content-Encoding (${shownCodings(response)}) does not describe: corrupt, cut short or not encoded that way; retrying will not help: fix the API (or ask it for an unencoded body with Accept-Encoding: identity)`
    }`,
    method: call.method,
    url,
    status: response.status,
    reason: tooLarge ? 'too_large' : 'encoding',
    cause: tooLarge ? undefined : safeFetchCause(error),
  });
}

/** {@link bodyReadError} of a body that broke off; any other rejection as it is. */
function brokeOff(response: Response, call: AnsweredCall, error: unknown): unknown {
  const code = brokeOffCode(error);
  if (code === undefined) return error;
  const url = urlRouteForLogging(call.url);
  return new ApiCallError({
    message: `API call failed: ${call.method} ${url} answered HTTP ${response.status}, then its body broke off (${code}): the connection closed before the whole body arrived; check the API and any proxy in between that cuts answers; calling again may succeed`,
    method: call.method,
    url,
    status: response.status,
    reason: 'network',
    cause: safeFetchCause(error),
  });
}

const READERS = ['arrayBuffer', 'blob', 'bytes', 'formData', 'json', 'text'] as const;
type Reader = (typeof READERS)[number];

/**
 * Whether the runtime's own reader may read the body whole: it is within `maxBytes` by its
 * `Content-Length` and not encoded (the runtime reads no more than that length), or unbounded, or
 * already read (the reader then rejects as the runtime does).
 */
function readsWithin(response: Response, maxBytes: number): boolean {
  if (maxBytes === Number.POSITIVE_INFINITY || response.bodyUsed) return true;
  const { headers } = response;
  const length = headers.get('content-length');
  return length !== null && Number(length) <= maxBytes && !headers.has('content-encoding');
}

const utf8 = /* @__PURE__ */ new TextDecoder();

/**
 * Reads the body counting its decoded bytes (core's {@link readBoundedBody}: past `maxBytes` it
 * cancels the body and rejects with a `BodyTooLargeError`), then makes of them what the reader
 * `name` gives: the bytes themselves, their UTF-8 text (a BOM dropped, as the Fetch standard's
 * `text()`) or its JSON, else (`blob()`, `formData()`) what the runtime's own reader makes of
 * them with the answer's `Content-Type`.
 */
async function readCounted(
  response: Response,
  name: Reader,
  maxBytes: number,
  args: unknown[],
): Promise<unknown> {
  const bytes = await readBoundedBody(response, maxBytes);
  if (name === 'bytes') return bytes;
  if (name === 'arrayBuffer') return bytes.buffer;
  if (name === 'text') return utf8.decode(bytes);
  if (name === 'json') return JSON.parse(utf8.decode(bytes));
  const type = response.headers.get('content-type');
  const read = new Response(bytes, type === null ? {} : { headers: { 'content-type': type } });
  return (read[name] as (...args: unknown[]) => Promise<unknown>)(...args);
}

function boundedReader(base: object, name: Reader) {
  return function read(this: BoundedResponse, ...args: unknown[]): Promise<unknown> {
    const own = (base as Record<string, unknown>)[name];
    if (typeof own !== 'function') throw new TypeError(`response.${name} is not a function`);
    const maxBytes = this[MAX_BYTES];
    // A body in use (read, or locked by a reader of its stream): the runtime refuses this read, and
    // the deadline and the caller's signal stay with the read under way.
    const scope = this.bodyUsed || this.body?.locked ? undefined : this[SCOPE];
    const reading = readsWithin(this, maxBytes)
      ? (own.apply(this, args) as Promise<unknown>)
      : readCounted(this, name, maxBytes, args);
    if (scope === undefined) return reading;
    const call = this[CALL];
    return scope.within(
      reading,
      () => {
        // fetch's answers live until a full GC (a FinalizationRegistry holds them, which the young
        // generation's collection treats as strong): once read, the answer no longer holds the call.
        this[SCOPE] = this[CALL] = undefined;
        scope.end();
      },
      (error) => bodyReadError(this, call, error),
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
 * Bounds the body of a returned answer by the call's deadline and, for its readers, by
 * `maxBytes` of decoded body, and ends the deadline as soon as the body is read. The answer stays the runtime's own `Response` (status, headers, `url`,
 * `instanceof Response`, and what the runtime checks when the answer is passed on): it only gets
 * a prototype that derives from its own and overrides the body readers (`json()`, `text()`, …), to
 * end the deadline when they settle and to reject with the deadline's `ApiCallError` if it passes
 * first, a body past `maxBytes` with an `ApiCallError` `too_large` (the body cancelled: counted
 * through its stream, unless it is unencoded with a `Content-Length` within `maxBytes`, which the
 * runtime's reader reads at its own speed), and a body that its `Content-Encoding` does not
 * describe (a decoder's error) with an `ApiCallError` `encoding` naming `call`. A reader called
 * while the body is in use (read, or locked by a stream reader) gets the runtime's refusal and
 * leaves the deadline and the caller's signal with the read under way. A caller that
 * reads `body` as a stream is bounded by the request's abort at the deadline (the Fetch standard
 * errors the body with the abort reason), not by `maxBytes`, and the deadline then ends when it
 * passes.
 *
 * Wrapping the body in a new stream would tell when a stream reader is done too, but costs about a
 * quarter of a loopback HTTPS call (undici's own body reading takes a slower path).
 */
export function boundedResponse(
  response: Response,
  scope: CallScope,
  call: AnsweredCall,
  maxBytes: number,
): Response {
  const base: unknown = Object.getPrototypeOf(response);
  if (response.body === null || !Object.isExtensible(response) || base === null) {
    scope.end();
    return response;
  }
  Object.setPrototypeOf(response, boundedPrototypeOf(base as object));
  (response as BoundedResponse)[SCOPE] = scope;
  (response as BoundedResponse)[CALL] = call;
  (response as BoundedResponse)[MAX_BYTES] = maxBytes;
  scope.release();
  return response;
}
