import { ACT_ASSERTION_HEADER } from '@dual-auth/core';
import type { MiddlewareHandler } from 'hono';
import { answerAdmitted } from '../answer-admitted.js';
import type { DualAuthGuard, DualAuthGuardOptions } from '../dual-auth-guard.js';
import type { DualSubject } from '../dual-subject.js';
import { tlsConnectionCertificates } from '../node-tls-client-certificate.js';
import { requestClosedSignal } from '../request-closed-signal.js';
import { toGuard } from '../to-guard.js';

/** Hono env of routes behind {@link dualAuth}: `c.get('dualSubject')` is typed. */
export interface DualAuthEnv {
  Variables: { dualSubject: DualSubject };
}

/**
 * The TLS socket of a request served by `@hono/node-server`: its bindings `c.env.incoming`, the
 * Node request (`HttpBindings`, `Http2Bindings`), as its own `getConnInfo` reads it.
 *
 * @throws TypeError when `env` has no `incoming` (another runtime, or `app.request()`): only a
 * guard reading the TLS connection for a certificate-bound token calls it (answered 503).
 */
function nodeSocketOf(env: unknown): unknown {
  const incoming = (env as { incoming?: { socket?: unknown } } | undefined)?.incoming;
  if (typeof incoming !== 'object' || incoming === null) {
    throw new TypeError(
      "dualAuth (@dual-auth/resource/hono): tlsClientCertificate 'tls-connection' reads the TLS socket @hono/node-server gives as c.env.incoming, and this request has none: on another runtime, pass a function (request) => the DER bytes of its client certificate",
    );
  }
  return incoming.socket;
}

/**
 * Hono middleware: lets a request through only when its agent AND human are authorized, and sets
 * `c.var.dualSubject`; otherwise answers 401/403/503 with an RFC 6750 challenge. Audits the route
 * pattern of the endpoint (`/api/accounts/:id`), also when mounted with `app.use('/api/*', …)`,
 * and, for an admitted request, the status the app answered (`c.res.status` after the handler,
 * `onError`'s answer when it threw). On Node (`@hono/node-server`), `tlsClientCertificate:
 * 'tls-connection'` (or `'tls-connection-any-issuer'`) reads the client certificate of the TLS
 * socket its bindings give (`c.env.incoming.socket`); on another runtime, give a function.
 *
 * @example
 * import { Hono } from 'hono';
 * import { oktaTokenProfile } from '@dual-auth/adapter-okta';
 * import { dualAuth, type DualAuthEnv } from '@dual-auth/resource/hono';
 *
 * const app = new Hono<DualAuthEnv>();
 * app.use('/api/*', dualAuth({ profile: oktaTokenProfile, issuer, audience, jwksUri, agentAllowed, humanAllowed }));
 * app.get('/api/balance', (c) => c.json({ for: c.var.dualSubject.human.sub }));
 */
export function dualAuth(
  options: DualAuthGuardOptions | DualAuthGuard,
): MiddlewareHandler<DualAuthEnv> {
  const guard = toGuard(options, 'dualAuth (@dual-auth/resource/hono)');
  return async (c, next) => {
    const decision = await guard.check({
      // Read by a guard with 'tls-connection' (or '…-any-issuer'); one with a function calls it
      // with `request` instead (given or built from options alike).
      ...tlsConnectionCertificates(() => nodeSocketOf(c.env)),
      request: c.req.raw,
      authorization: c.req.header('authorization'),
      actAssertion: c.req.header(ACT_ASSERTION_HEADER),
      dpop: c.req.header('dpop'),
      url: c.req.url,
      method: c.req.method,
      // The last matched route is the endpoint's; the current one may be this middleware's '/api/*'.
      // Read from the request itself, not with `routePath` of 'hono/route': that helper keys on a
      // module-level symbol, so a CommonJS app (hono's CJS build) and this ESM module (hono's ESM
      // helper) would not see each other's state and the helper throws (tools/check-require.mjs).
      route: c.req.matchedRoutes.at(-1)?.path ?? '',
      routeIsTemplate: true,
      requestId: c.req.header('x-request-id'),
      signal: requestClosedSignal(c.req.raw.signal),
      reportsStatus: true,
    });
    if (decision.decision === 'DENY') {
      return Response.json(decision.body, { status: decision.status, headers: decision.headers });
    }
    c.set('dualSubject', decision.subject);
    // Hono's own compose answers a handler's throw through `onError` (c.res); a throw that
    // escapes it is answered 500 by the server.
    await answerAdmitted(decision, async () => {
      await next();
      // After the handler, so that its own Response (immutable headers too) gets them.
      for (const [name, value] of Object.entries(decision.headers ?? {})) c.header(name, value);
      return c.res;
    });
  };
}
