import { ACT_ASSERTION_HEADER, routeForLogging } from '@dual-auth/core';
import type { GuardInput } from './guard-decision.js';
import { requestClosedSignal } from './request-closed-signal.js';
import type { RequestCertificateReader } from './tls-client-certificate.js';

// A Node adapter (@hono/node-server) hands on the client's Host unchecked: request.url may be one
// the URL parser refuses (Host: 999.1.1.1, a host to RFC 3986), whose path is then read as written.
function pathOf(url: string): string {
  return URL.canParse(url) ? new URL(url).pathname : url.replace(/^[^/]*\/\/[^/?#]*/, '');
}

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
  return {
    ...(tlsClientCertificate === undefined
      ? {}
      : { tlsClientCertificate: () => tlsClientCertificate(request) }),
    authorization: request.headers.get('authorization'),
    actAssertion: request.headers.get(ACT_ASSERTION_HEADER),
    dpop: request.headers.get('dpop'),
    url: request.url,
    method: request.method,
    route: route ?? routeForLogging(pathOf(request.url)),
    requestId: request.headers.get('x-request-id'),
    signal: requestClosedSignal(request.signal),
    request,
  };
}
