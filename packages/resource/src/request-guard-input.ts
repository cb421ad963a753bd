import { ACT_ASSERTION_HEADER, routeForLogging } from '@dual-auth/core';
import type { GuardInput } from './guard-decision.js';
import { requestClosedSignal } from './request-closed-signal.js';
import { requestPath } from './request-path.js';
import type { RequestCertificateReader } from './tls-client-certificate.js';

/**
 * The guard's input for a fetch `Request`: its credential headers (`DPoP` too), URL, method, `X-Request-Id`,
 * signal (aborting with an `AbortError` when the client goes away), and `route` (default: its URL path as {@link routeForLogging} trims it).
 * The request itself too (`request`): a guard whose `tlsClientCertificate` option is a function
 * calls it with it, for a certificate-bound token (RFC 8705 §3). With `tlsClientCertificate`
 * here, the input reads the certificate through it (for a guard with another form, or none).
 */
export function requestGuardInput(
  request: Request,
  route?: string,
  tlsClientCertificate?: RequestCertificateReader,
): GuardInput {
  if (typeof request?.url !== 'string' || typeof request.headers?.get !== 'function') {
    throw new TypeError('request must be the fetch Request the handler was given');
  }
  return {
    ...(tlsClientCertificate === undefined
      ? {}
      : { tlsClientCertificate: () => tlsClientCertificate(request) }),
    authorization: request.headers.get('authorization'),
    actAssertion: request.headers.get(ACT_ASSERTION_HEADER),
    dpop: request.headers.get('dpop'),
    url: request.url,
    method: request.method,
    route: route ?? routeForLogging(requestPath(request.url)),
    requestId: request.headers.get('x-request-id'),
    signal: requestClosedSignal(request.signal),
    request,
  };
}
