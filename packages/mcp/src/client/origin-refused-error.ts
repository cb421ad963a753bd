/**
 * Thrown by {@link dualAuthFetch} (and so by a tool's `callApi`) for a request to an origin other
 * than the one it is bound to (`options.origin`), before a token is asked for or anything is sent:
 * a URL from a tool result or a model's answer cannot make the credentials leave. The message
 * names the option, never the URL or a token.
 */
export class OriginRefusedError extends Error {
  override readonly name = 'OriginRefusedError';
}
