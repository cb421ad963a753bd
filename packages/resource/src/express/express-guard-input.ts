import { ACT_ASSERTION_HEADER } from '@dual-auth/core';
import type { Request } from 'express';
import type { GuardInput } from '../guard-decision.js';
import { closedSignal } from '../node-closed-signal.js';
import { rawHeader } from '../node-raw-header.js';
import { routeForLogging, routeTemplateForLogging } from '../route-for-logging.js';

/**
 * The guard's input for an Express request: both credential headers from the raw lines (so a
 * repeated credential is seen and refused, see `rawHeader`), the method, the audited route
 * (`req.baseUrl` + the route template `req.route.path` when the middleware sits on the route, as
 * `app.get('/accounts/:id', dualAuth(…), handler)`, as written (a route without parameter syntax
 * as a raw path), else `req.path`; the raw parts `req.baseUrl` and `req.path` through
 * `routeForLogging`, so a segment that is not clearly static is redacted), `X-Request-Id`, a
 * `signal` that aborts when the client goes away before the answer (`req.res` closing
 * unfinished), and `reportsStatus` (the middleware records the status the app answers).
 */
export function expressGuardInput(req: Request): GuardInput {
  return {
    authorization: rawHeader(req.rawHeaders, 'authorization'),
    actAssertion: rawHeader(req.rawHeaders, ACT_ASSERTION_HEADER),
    method: req.method,
    // The route template once routing matched (the middleware sits on the route), else the path.
    // `req.baseUrl` is the path the mount matched (`/users/42` for `app.use('/users/:id', …)`).
    // The whole route decides whether it is a template (`/api/people/:redacted/2fa` is one).
    route:
      typeof req.route?.path === 'string'
        ? routeTemplateForLogging(`${routeForLogging(req.baseUrl)}${req.route.path}`, 'framework')
        : routeForLogging(`${req.baseUrl}${req.path}`),
    // The raw parts went through routeForLogging above: what is left is the developer's.
    routeIsTemplate: true,
    requestId: req.get('x-request-id'),
    signal: req.res === undefined ? undefined : closedSignal(req.res),
    reportsStatus: true,
  };
}
