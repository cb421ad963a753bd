import { ACT_ASSERTION_HEADER, routeForLogging } from '@dual-auth/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { DualAuthGuard, DualAuthGuardOptions } from '../dual-auth-guard.js';
import type { DualSubject } from '../dual-subject.js';
import { closedSignal } from '../node-closed-signal.js';
import { rawHeader } from '../node-raw-header.js';
import {
  refuseRequestCertificateReader,
  tlsConnectionCertificates,
} from '../node-tls-client-certificate.js';
import { receivedUrl } from '../received-url.js';
import { recordStatusWhenAnswered } from '../record-status-when-answered.js';
import { toGuard } from '../to-guard.js';

/** A single `X-Request-Id` line (a repeated one is no correlation id). */
function requestIdOf(value: string | string[] | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by `@dual-auth/resource/fastify` once the agent AND the human are authorized. */
    dualSubject?: DualSubject | undefined;
  }
}

/**
 * Fastify `onRequest` (or `preHandler`) hook: lets a request through only when its agent AND human
 * are authorized, and sets `request.dualSubject`; otherwise answers 401/403/503 with an RFC 6750
 * challenge. Audits the route pattern (`request.routeOptions.url`; without a matching route, the
 * path trimmed by `routeForLogging` of `@dual-auth/resource/express`) and, for an admitted
 * request, the status the app answered, as soon as its status line is sent (an error handler's
 * too; `null` when the client went away before any answer). A custom guard's ALLOW without
 * `recordStatus` throws a TypeError (answered 500) before the route runs.
 *
 * @example
 * import Fastify from 'fastify';
 * import { entraIdTokenProfile } from '@dual-auth/adapter-entraid';
 * import { dualAuth } from '@dual-auth/resource/fastify';
 *
 * const app = Fastify();
 * app.decorateRequest('dualSubject', undefined);
 * app.addHook('onRequest', dualAuth({ profile: entraIdTokenProfile, issuer, audience, jwksUri, boundActAssertion, agentAllowed, humanAllowed }));
 * app.get('/api/balance', async (request) => ({ for: request.dualSubject?.human.sub }));
 */
export function dualAuth(
  options: DualAuthGuardOptions | DualAuthGuard,
): (request: FastifyRequest, reply: FastifyReply) => Promise<void> {
  const where = 'dualAuth (@dual-auth/resource/fastify)';
  const guard = toGuard(options, where);
  refuseRequestCertificateReader(guard, where);
  return async (request, reply) => {
    const decision = await guard.check({
      // The raw lines, so a repeated credential is seen and refused (see rawHeader).
      authorization: rawHeader(request.raw.rawHeaders, 'authorization'),
      actAssertion: rawHeader(request.raw.rawHeaders, ACT_ASSERTION_HEADER),
      dpop: rawHeader(request.raw.rawHeaders, 'dpop'),
      // From the Host header (and X-Forwarded-* under trustProxy): see dpop.publicBaseUrl.
      url: receivedUrl(request.protocol, request.host, request.url),
      method: request.method,
      // No route matched (Fastify's 404): the path as sent, so trimmed of what may name a person.
      route: request.routeOptions.url ?? routeForLogging(request.url.split('?')[0] ?? ''),
      // The template Fastify matched, or the raw path already trimmed: no client's text is left.
      routeIsTemplate: true,
      requestId: requestIdOf(request.headers['x-request-id']),
      // Aborts when the client goes away: its introspection leaves the line at once.
      signal: closedSignal(reply.raw),
      reportsStatus: true,
      // Read only by a guard with tlsClientCertificate 'tls-connection' (or
      // 'tls-connection-any-issuer'), for a bound token.
      ...tlsConnectionCertificates(() => request.raw.socket),
    });
    if (decision.decision === 'DENY') {
      await reply.code(decision.status).headers(decision.headers).send(decision.body);
      return;
    }
    recordStatusWhenAnswered(reply.raw, decision);
    if (decision.headers !== undefined) reply.headers(decision.headers);
    request.dualSubject = decision.subject;
  };
}
