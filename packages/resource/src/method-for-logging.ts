import { isHttpToken } from '@dual-auth/core';

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
export function methodForLogging(
  method: unknown,
  known: ReadonlySet<string> = KNOWN_METHODS,
): string {
  return typeof method === 'string' && known.has(method) ? method : '_OTHER';
}

// RFC 9110 §9.1: a method is a token (§5.6.2); 32 characters hold every registered one.
const MAX_METHOD_LENGTH = 32;

/**
 * The methods a guard records as sent (the guard's `knownMethods`): the given list in place of
 * RFC 9110's and RFC 5789's, as the OTel HTTP conventions require an instrumentation that would
 * record a valid method as `_OTHER` to allow (a full override, like their
 * `OTEL_INSTRUMENTATION_HTTP_KNOWN_METHODS`). Case-sensitive, as methods are (RFC 9110 §9.1).
 *
 * @throws TypeError when `list` is not an array of method names (tokens of 1 to 32 characters).
 * @example
 * knownMethodsOf(['GET', 'PUT', 'DELETE', 'PROPFIND', 'MKCOL']); // WebDAV, RFC 4918 §9
 */
export function knownMethodsOf(list: readonly string[] | undefined): ReadonlySet<string> {
  if (list === undefined) return KNOWN_METHODS;
  if (
    !Array.isArray(list) ||
    !list.every((m) => typeof m === 'string' && m.length <= MAX_METHOD_LENGTH && isHttpToken(m))
  ) {
    throw new TypeError(
      'options.knownMethods must be an array of HTTP method names (RFC 9110 tokens, at most 32 characters)',
    );
  }
  return new Set(list);
}
