import { OriginRefusedError } from '@dual-auth/core';
import { assertMcpHttpsUrl } from './https-url.js';

/**
 * One call of {@link dualAuthFetch}, fixed before its first `await`: what is checked is what is
 * sent, whatever the caller's objects become meanwhile.
 */
export interface OutgoingCall {
  /** The checked URL: a copy, so a caller's `URL` object changed later does not move the call. */
  url: URL;
  /** What the first send hands to `fetch`: `url`, or a `Request` made from the caller's. */
  first: URL | Request;
  /** The caller's `init`; for a `Request`, its method, headers and signal (`init` merged in). */
  init: RequestInit;
  /** The body can go once only: a stream, or the body of a `Request` (a stream too). */
  bodySentOnce: boolean;
}

/**
 * Checks where a `fetch` call goes (before its `Request`'s body is taken), then reads its
 * arguments into an {@link OutgoingCall}.
 *
 * @param origin - the only origin allowed (`URL.origin` form).
 * @throws OriginRefusedError for a URL of another origin.
 * @throws ConfigurationError when the URL is not HTTPS (or `http:` on loopback with
 *   `allowInsecureLoopback`); TypeError for a URL that is neither a string, a `URL` nor a
 *   `Request`, or an `init` that `new Request` refuses.
 */
export function outgoingCall(
  input: RequestInfo | URL,
  init: RequestInit | undefined,
  origin: string,
  allowInsecureLoopback: boolean,
): OutgoingCall {
  const url = assertMcpHttpsUrl(
    input instanceof Request ? input.url : input,
    'dualAuthFetch url',
    allowInsecureLoopback,
  );
  if (url.origin !== origin) {
    // Names the configured origin, never the refused URL (a tool result or a model may have made it).
    throw new OriginRefusedError(
      `dualAuthFetch sends credentials only to ${origin} (options.origin): a request to another origin was refused before any token was asked for; call that origin, or give the other server a dualAuthFetch or tool of its own`,
    );
  }
  const request = input instanceof Request ? new Request(input, init) : undefined;
  return {
    url,
    first: request ?? url,
    init:
      request === undefined
        ? { ...init }
        : { method: request.method, headers: request.headers, signal: request.signal },
    bodySentOnce:
      request === undefined ? init?.body instanceof ReadableStream : request.body !== null,
  };
}
