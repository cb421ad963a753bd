// The methods of RFC 9110 §9.3 and RFC 5789, the set the OTel HTTP semantic conventions call known.
const KNOWN_METHODS = new Set([
  'CONNECT',
  'DELETE',
  'GET',
  'HEAD',
  'OPTIONS',
  'PATCH',
  'POST',
  'PUT',
  'TRACE',
]);

/**
 * A request's method as the guard records it (audit `method`, span `http.request.method`): a
 * known method as sent, anything else `_OTHER`, as the OTel HTTP semantic conventions require of
 * a method the instrumentation does not know. The method is the client's text, read before any
 * credential: Deno's server takes one of 60 000 characters, which would reach every refusal's
 * audit record and span. The original is not kept (`http.request.method_original`) for that
 * reason.
 *
 * @example
 * methodForLogging('GET'); // 'GET'
 * methodForLogging('X'.repeat(60_000)); // '_OTHER'
 */
export function methodForLogging(method: unknown): string {
  return typeof method === 'string' && KNOWN_METHODS.has(method) ? method : '_OTHER';
}
