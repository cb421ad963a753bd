import { ApiCallError, urlRouteForLogging } from '@dual-auth/core';
import { connectTimeoutCode, safeFetchCause, tlsTrustFailure } from '@dual-auth/core/adapter-kit';

/** Node's and undici's codes for a connection the other side closed (or reset) mid-request. */
const CLOSED = /^(?:ECONNRESET|EPIPE|UND_ERR_SOCKET|UND_ERR_CLOSED)$/;

/** The code of a connection closed before the answer, from the error's cause chain (6 deep). */
function closedCode(error: unknown): string | undefined {
  for (let at = error, depth = 0; depth < 6 && at instanceof Error; depth++, at = at.cause) {
    const { code } = at as { code?: unknown };
    if (typeof code === 'string' && CLOSED.test(code)) return code;
  }
  return undefined;
}

/** What undici's fetch rejects with for more content codings than it decodes (fixed text). */
const TOO_MANY_CODINGS = /too many content-encodings/i;

/** Whether the error's cause chain (6 deep) says the answer named too many content codings. */
function tooManyCodings(error: unknown): boolean {
  for (let at = error, depth = 0; depth < 6 && at instanceof Error; depth++, at = at.cause) {
    if (TOO_MANY_CODINGS.test(at.message)) return true;
  }
  return false;
}

/**
 * Why a request got no answer, as the end of a sentence saying what to do: a TLS certificate
 * check that failed (its code and how to trust the CA), a connection the host did not accept in
 * time (undici's connect timeout: the host is busy, not the URL wrong), an answer naming more
 * content codings than the runtime decodes (the server's fault), a connection the server
 * closed before answering (it was reached, and may have run the request: a kept-alive socket it
 * timed out, a crash, a proxy), else a network error. The runtime's own text stays out: it may
 * name the request.
 */
export function noAnswerWhy(error: unknown, who: string): string {
  const tls = tlsTrustFailure(error);
  if (tls !== undefined) {
    return `TLS certificate check failed (${tls.code}): ${tls.advice} (${who}'s fetch option)`;
  }
  const connect = connectTimeoutCode(error);
  if (connect !== undefined) {
    return `the server did not accept the connection in time (${connect}): check that it is up and not overloaded`;
  }
  if (tooManyCodings(error)) {
    return 'the server answered with more Content-Encodings than a client decodes (at most 5): retrying will not help, the server must send fewer (or none, for Accept-Encoding: identity)';
  }
  const closed = closedCode(error);
  // Not resent: a tool call may have run there, and running it twice is the caller's choice.
  return closed === undefined
    ? 'the server could not be reached (network error): check its URL and that it listens'
    : `the server closed the connection before answering (${closed}): it may have run the request, which was not resent`;
}

/**
 * What a request that got no answer rejects with. `fetch` reports every network failure, TLS
 * ones included, as a `TypeError`, which reads as a wrong option; as `@dual-auth/client` does,
 * it becomes an {@link ApiCallError} (`reason` `'tls'`, `'timeout'` for a connection not accepted
 * in time, `'encoding'` for an answer naming more content codings than the runtime decodes, or
 * `'network'`; no `status`) whose message says what to check, with a copy of the
 * runtime's error as its `cause` (`safeFetchCause`: a runtime may quote the URL, with its
 * userinfo and query, in its message). Any other error is returned as it is.
 */
export function unansweredError(who: string, method: string, url: URL, error: unknown): unknown {
  if (!(error instanceof TypeError)) return error;
  const route = urlRouteForLogging(url);
  const reason =
    tlsTrustFailure(error) !== undefined
      ? 'tls'
      : tooManyCodings(error)
        ? 'encoding'
        : connectTimeoutCode(error) === undefined
          ? 'network'
          : 'timeout';
  return new ApiCallError({
    message: `${who}: ${method} ${route}: ${noAnswerWhy(error, who)}`,
    method,
    url: route,
    reason,
    cause: safeFetchCause(error),
  });
}
