import type { FastifyReply, FastifyRequest } from 'fastify';
import type { DualAuthGuard, DualAuthGuardOptions } from '../dual-auth-guard.js';
import type { DualSubject } from '../dual-subject.js';
import { toGuard } from '../to-guard.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by `@dual-auth/resource/fastify` once the agent AND the human are authorized. */
    dualSubject?: DualSubject | undefined;
  }
}

function header(value: string | string[] | undefined): string | undefined {
  // Repeated credentials are ambiguous: refuse them rather than pick one.
  return Array.isArray(value) ? value.join(', ') : value;
}

/**
 * Fastify `onRequest` (or `preHandler`) hook: lets a request through only when its agent AND human
 * are authorized, and sets `request.dualSubject`; otherwise answers 401/403/503 with an RFC 6750
 * challenge. Audits the route pattern (`request.routeOptions.url`).
 *
 * @example
 * import Fastify from 'fastify';
 * import { dualAuth } from '@dual-auth/resource/fastify';
 *
 * const app = Fastify();
 * app.decorateRequest('dualSubject', undefined);
 * app.addHook('onRequest', dualAuth({ vendor: 'entraid', issuer, audience, jwksUri, entra, agentAllowed, humanAllowed }));
 * app.get('/api/balance', async (request) => ({ for: request.dualSubject?.human.sub }));
 */
export function dualAuth(
  options: DualAuthGuardOptions | DualAuthGuard,
): (request: FastifyRequest, reply: FastifyReply) => Promise<void> {
  const guard = toGuard(options);
  return async (request, reply) => {
    const decision = await guard.check({
      authorization: header(request.headers.authorization),
      actAssertion: header(request.headers['x-act-assertion']),
      method: request.method,
      route: request.routeOptions.url ?? request.url.split('?')[0] ?? '',
    });
    if (decision.decision === 'DENY') {
      await reply.code(decision.status).headers(decision.headers).send(decision.body);
      return;
    }
    request.dualSubject = decision.subject;
  };
}
