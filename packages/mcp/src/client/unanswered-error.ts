import { ApiCallError, urlRouteForLogging } from '@dual-auth/core';
import { tlsTrustFailure } from '@dual-auth/core/adapter-kit';

/**
 * Why a request got no answer, as the end of a sentence saying what to do: a TLS certificate
 * check that failed (its code and how to trust the CA), else a network error. The runtime's own
 * text stays out: it may name the request.
 */
export function noAnswerWhy(error: unknown, who: string): string {
  const tls = tlsTrustFailure(error);
  return tls === undefined
    ? 'the server could not be reached (network error): check its URL and that it listens'
    : `TLS certificate check failed (${tls.code}): ${tls.advice} (${who}'s fetch option)`;
}

/**
 * What a request that got no answer rejects with. `fetch` reports every network failure, TLS
 * ones included, as a `TypeError`, which reads as a wrong option; as `@dual-auth/client` does,
 * it becomes an {@link ApiCallError} (`reason` `'tls'` or `'network'`, no `status`) whose message
 * says what to check, with the runtime's error as its `cause`. Any other error is returned as it
 * is.
 */
export function unansweredError(who: string, method: string, url: URL, error: unknown): unknown {
  if (!(error instanceof TypeError)) return error;
  const route = urlRouteForLogging(url);
  return new ApiCallError({
    message: `${who}: ${method} ${route}: ${noAnswerWhy(error, who)}`,
    method,
    url: route,
    reason: tlsTrustFailure(error) === undefined ? 'network' : 'tls',
    cause: error,
  });
}
