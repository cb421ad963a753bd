import type { RequestHandler } from 'express';
import type { DualAuthGuard, DualAuthGuardOptions } from '../dual-auth-guard.js';
import type { DualSubject } from '../dual-subject.js';
import { toGuard } from '../to-guard.js';

declare global {
  namespace Express {
    interface Request {
      /** Set by `@dual-auth/resource/express` once the agent AND the human are authorized. */
      dualSubject?: DualSubject;
    }
  }
}

function header(value: string | string[] | undefined): string | undefined {
  // Repeated credentials are ambiguous: refuse them rather than pick one.
  return Array.isArray(value) ? value.join(', ') : value;
}

/**
 * Express middleware: lets a request through only when its agent AND human are authorized, and sets
 * `req.dualSubject` (and `res.locals.dualSubject`); otherwise answers 401/403/503 with an RFC 6750
 * challenge. Audits `req.baseUrl + req.path` (no query).
 *
 * @example
 * import express from 'express';
 * import { dualAuth } from '@dual-auth/resource/express';
 *
 * const app = express();
 * app.use('/api', dualAuth({ vendor: 'auth0', issuer, audience, jwksUri, agentAllowed, humanAllowed }));
 * app.get('/api/balance', (req, res) => res.json({ for: req.dualSubject?.human.sub }));
 */
export function dualAuth(options: DualAuthGuardOptions | DualAuthGuard): RequestHandler {
  const guard = toGuard(options);
  return (req, res, next) => {
    guard
      .check({
        authorization: header(req.headers.authorization),
        actAssertion: header(req.headers['x-act-assertion']),
        method: req.method,
        route: `${req.baseUrl}${req.path}`,
      })
      .then((decision) => {
        if (decision.decision === 'DENY') {
          res.status(decision.status).set(decision.headers).json(decision.body);
          return;
        }
        req.dualSubject = decision.subject;
        res.locals.dualSubject = decision.subject;
        next();
      }, next);
  };
}
