import type { RequestHandler } from 'express';
import type { DualAuthGuard, DualAuthGuardOptions } from '../dual-auth-guard.js';
import type { DualSubject } from '../dual-subject.js';
import { refuseRequestCertificateReader } from '../node-tls-client-certificate.js';
import { recordStatusWhenAnswered } from '../record-status-when-answered.js';
import { toGuard } from '../to-guard.js';
import { expressGuardInput } from './express-guard-input.js';

export { routeForLogging } from '@dual-auth/core';
export {
  type AnsweredResponse,
  recordStatusWhenAnswered,
} from '../record-status-when-answered.js';
export { expressGuardInput } from './express-guard-input.js';

declare global {
  namespace Express {
    interface Request {
      /** Set by `@dual-auth/resource/express` once the agent AND the human are authorized. */
      dualSubject?: DualSubject;
    }
  }
}

/**
 * Express middleware: lets a request through only when its agent AND human are authorized, and sets
 * `req.dualSubject` (and `res.locals.dualSubject`); otherwise answers 401/403/503 with an RFC 6750
 * challenge. Audits `req.baseUrl + req.path` (no query, segments that may name a person redacted)
 * and, for an admitted request, the status the app answered, as soon as its status line is sent
 * (`null` when the client went away before any answer). A custom guard's ALLOW without
 * `recordStatus` goes to `next(TypeError)` before the route runs.
 *
 * @example
 * import express from 'express';
 * import { auth0TokenProfile } from '@dual-auth/adapter-auth0';
 * import { dualAuth } from '@dual-auth/resource/express';
 *
 * const app = express();
 * app.use('/api', dualAuth({ profile: auth0TokenProfile, issuer, audience, jwksUri, agentAllowed, humanAllowed }));
 * app.get('/api/balance', (req, res) => res.json({ for: req.dualSubject?.human.sub }));
 */
export function dualAuth(options: DualAuthGuardOptions | DualAuthGuard): RequestHandler {
  const where = 'dualAuth (@dual-auth/resource/express)';
  const guard = toGuard(options, where);
  refuseRequestCertificateReader(guard, where);
  return (req, res, next) => {
    guard.check(expressGuardInput(req)).then((decision) => {
      if (decision.decision === 'DENY') {
        res.status(decision.status).set(decision.headers).json(decision.body);
        return;
      }
      try {
        recordStatusWhenAnswered(res, decision);
      } catch (error) {
        next(error);
        return;
      }
      if (decision.headers !== undefined) res.set(decision.headers);
      req.dualSubject = decision.subject;
      res.locals.dualSubject = decision.subject;
      next();
    }, next);
  };
}
