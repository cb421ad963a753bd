import { assertHttpsUrl } from '@dual-auth/core/adapter-kit';
import { OriginRefusedError } from './origin-refused-error.js';

/**
 * One call of {@link dualAuthFetch}, fixed before its first `await`: what is checked is what is
 * sent, whatever the caller's objects become meanwhile.
 */
export interface OutgoingCall {
  /** The checked URL: a copy, so a caller's `URL` object changed later does not move the call. */
  url: URL;
  /** What the first send hands to `fetch`: `url`, or a `Request` made from the caller's. */
  first: URL | Request;
  /** The method, upper case. */
  method: string;
  /** The caller's headers (a `Request`'s merged with `init`'s as `fetch` does). */
  headers: Headers;
  /** The rest of the caller's `init`, without its headers (only the signal for a `Request`). */
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
  const url = assertHttpsUrl(input instanceof Request ? input.url : input, {
    name: 'dualAuthFetch url',
    allowInsecureLoopback,
  });
  if (url.origin !== origin) {
    throw new OriginRefusedError('dualAuthFetch: another origin than options.origin refused');
  }
  if (input instanceof Request) {
    const request = new Request(input, init);
    return {
      url,
      first: request,
      method: request.method.toUpperCase(),
      headers: new Headers(request.headers),
      init: { signal: request.signal },
      bodySentOnce: request.body !== null,
    };
  }
  const { headers, ...rest } = init ?? {};
  return {
    url,
    first: url,
    method: (init?.method ?? 'GET').toUpperCase(),
    headers: new Headers(headers),
    init: rest,
    bodySentOnce: init?.body instanceof ReadableStream,
  };
}
