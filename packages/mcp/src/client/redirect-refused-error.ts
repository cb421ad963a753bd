/**
 * Thrown by {@link dualAuthFetch} (and so by a tool's `callApi`) instead of following a redirect
 * that could carry the credentials elsewhere: to another origin, from `https:` to `http:`, to a
 * non-HTTP(S) URL, or more than 5 hops; or a 307/308 that would send again a body that can be
 * read once only (a stream, a `Request`'s body). The message names the reason, never the URL or
 * a token.
 */
export class RedirectRefusedError extends Error {
  override readonly name = 'RedirectRefusedError';
}
