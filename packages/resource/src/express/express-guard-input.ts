import { ACT_ASSERTION_HEADER } from '@dual-auth/core';
import type { Request } from 'express';
import type { GuardInput } from '../guard-decision.js';
import { rawHeader } from '../node-raw-header.js';
import { routeForLogging } from '../route-for-logging.js';

/**
 * The guard's input for an Express request: both credential headers from the raw lines (so a
 * repeated credential is seen and refused, see `rawHeader`), the method, `req.baseUrl + req.path`
 * as the audited route (no query, segments that may name a person redacted), `X-Request-Id`, and
 * `reportsStatus` (the middleware records the status the app answers).
 */
export function expressGuardInput(req: Request): GuardInput {
  return {
    authorization: rawHeader(req.rawHeaders, 'authorization'),
    actAssertion: rawHeader(req.rawHeaders, ACT_ASSERTION_HEADER),
    method: req.method,
    route: routeForLogging(`${req.baseUrl}${req.path}`),
    requestId: req.get('x-request-id'),
    reportsStatus: true,
  };
}
