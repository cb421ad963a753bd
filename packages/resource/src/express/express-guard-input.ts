import { ACT_ASSERTION_HEADER, routeForLogging, routeTemplateForLogging } from '@dual-auth/core';
import type { Request } from 'express';
import type { GuardInput } from '../guard-decision.js';
import { closedSignal } from '../node-closed-signal.js';
import { rawHeader } from '../node-raw-header.js';
import { tlsConnectionCertificates } from '../node-tls-client-certificate.js';
import { receivedUrl } from '../received-url.js';
import { expressMountTemplate } from './express-mount-template.js';

// A segment of `req.baseUrl` kept when the mount's template is unknown: a letters-only word or a
// version (`api`, `v1`). Joined words (`john-smith`) may be a client's value for a parameter.
const PLAIN_MOUNT_SEGMENT = /^(?:[A-Za-z]{1,24}|v\d{1,3})?$/;

// `req.baseUrl` holds what the client wrote for a mount's parameters (`/users/john-smith` for
// `app.use('/users/:username', …)`): the mount's template when Express tells it, else each
// segment judged strictly.
function mountForLogging(req: Request): string {
  return (
    expressMountTemplate(req) ??
    req.baseUrl
      .split('/')
      .map((segment) => (PLAIN_MOUNT_SEGMENT.test(segment) ? segment : ':redacted'))
      .join('/')
  );
}

/**
 * The guard's input for an Express request: both credential headers from the raw lines (so a
 * repeated credential is seen and refused, see `rawHeader`), the method, the audited route
 * (`req.baseUrl` + the route template `req.route.path` when the middleware sits on the route, as
 * `app.get('/accounts/:id', dualAuth(…), handler)`, as written (a route without parameter syntax
 * as a raw path), else `req.path` through `routeForLogging`, so a segment that is not clearly
 * static is redacted; in front of either the mount's template as the app wrote it
 * (`/users/:username` for `app.use('/users/:username', router)`, see `expressMountTemplate`), or
 * when that is unknown `req.baseUrl` keeping only letters-only words and versions), `X-Request-Id`, a
 * `signal` that aborts when the client goes away before the answer (`req.res` closing
 * unfinished), `reportsStatus` (the middleware records the status the app answers), and
 * `tlsClientCertificate`, the client certificate of the request's TLS socket when the server
 * authorized it (read only by a guard with `tlsClientCertificate: 'tls-connection'`, for a
 * certificate-bound token), and `tlsClientCertificateAnyIssuer`, whoever issued it (read only with
 * `'tls-connection-any-issuer'`).
 */
export function expressGuardInput(req: Request): GuardInput {
  if (!Array.isArray(req?.rawHeaders) || typeof req.get !== 'function') {
    throw new TypeError('req must be the Express request the middleware was given');
  }
  return {
    authorization: rawHeader(req.rawHeaders, 'authorization'),
    actAssertion: rawHeader(req.rawHeaders, ACT_ASSERTION_HEADER),
    dpop: rawHeader(req.rawHeaders, 'dpop'),
    // From the Host header (and X-Forwarded-* under trust proxy): see dpop.publicBaseUrl.
    url: receivedUrl(req.protocol, req.get('host'), req.originalUrl),
    method: req.method,
    // The route template once routing matched (the middleware sits on the route), else the path.
    // The whole route decides whether it is a template (`/api/people/:redacted/2fa` is one).
    route:
      typeof req.route?.path === 'string'
        ? routeTemplateForLogging(`${mountForLogging(req)}${req.route.path}`, 'framework')
        : `${mountForLogging(req)}${routeForLogging(req.path)}`,
    // The raw parts went through routeForLogging above: what is left is the developer's.
    routeIsTemplate: true,
    requestId: req.get('x-request-id'),
    signal: req.res === undefined ? undefined : closedSignal(req.res),
    reportsStatus: true,
    ...tlsConnectionCertificates(() => req.socket),
  };
}
