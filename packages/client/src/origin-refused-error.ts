/**
 * Thrown by `callApi` for a URL whose origin is not in the client's `allowedOrigins`, before a
 * token is asked for or anything is sent: a URL from a tool result or a model's answer cannot make
 * the credentials leave. Thrown too for an API's redirect to such an origin, which is not
 * followed (neither the request nor its body goes there). The message names the option, never the
 * URL or a token.
 */
export class OriginRefusedError extends Error {
  override readonly name = 'OriginRefusedError';
}
