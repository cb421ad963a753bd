import { type KnownOptions, requireValue } from '@dual-auth/core';
import { answerAdmitted } from '../answer-admitted.js';
import type { DualAuthGuard, DualAuthGuardOptions } from '../dual-auth-guard.js';
import type { DualSubject } from '../dual-subject.js';
import type { GuardDenial } from '../guard-decision.js';
import { refuseSocketCertificateSource } from '../refuse-socket-certificate-source.js';
import { requestGuardInput } from '../request-guard-input.js';
import { toGuard } from '../to-guard.js';

export { answerAdmitted } from '../answer-admitted.js';
export { refuseSocketCertificateSource } from '../refuse-socket-certificate-source.js';
export { requestGuardInput } from '../request-guard-input.js';
export { requestPath } from '../request-path.js';

const subjects = new WeakMap<Request, DualSubject>();

/** Options of {@link withDualAuth} besides the guard's. */
export interface WithDualAuthOptions {
  /**
   * A function of the request giving the route to audit it as (`(request) => '/api/users/:id'`),
   * trimmed as a route a caller gives `guard.check`; default its URL path as `routeForLogging`
   * trims it. A string is refused at creation: the wrapper serves many routes.
   */
  route?: (request: Request) => string;
}

const WITH_DUAL_AUTH_OPTIONS = { route: true } as const satisfies KnownOptions<WithDualAuthOptions>;

/**
 * The JSON response of a refused request: 401/403 with `WWW-Authenticate`, or 503.
 *
 * @throws TypeError when `denial` is not a DENY decision (no numeric `status` and `headers`).
 * @example
 * if (decision.decision === 'DENY') return denialResponse(decision);
 */
export function denialResponse(denial: GuardDenial): Response {
  const { status, headers } = (denial ?? {}) as Partial<GuardDenial>;
  if (typeof status !== 'number' || typeof headers !== 'object' || headers === null) {
    throw new TypeError(
      "denial must be a guard's DENY decision: check decision.decision === 'DENY' before denialResponse(decision)",
    );
  }
  return Response.json(denial.body, { status: denial.status, headers: denial.headers });
}

/**
 * The verified subjects of a request that {@link withDualAuth} let through; `undefined` otherwise.
 */
export function getDualSubject(request: Request): DualSubject | undefined {
  return subjects.get(request);
}

/**
 * Wraps a fetch handler (`(request, ...rest) => Response`: Workers, Deno, Bun, Next.js route
 * handlers, Hono's `app.fetch`): the handler runs only for requests whose agent AND human are
 * authorized; others get 401/403/503. Inside, `getDualSubject(request)` gives both subjects. An
 * admitted request is audited as {@link answerAdmitted} does: with the handler's `Response`
 * status once it returns, or 500 when it threw (the throw goes on to the runtime).
 *
 * @throws TypeError when `handler` is not a function, `options.route` is given but is not a
 *   function `(request) => string`, or the guard's options are wrong (see `createDualAuthGuard`).
 *
 * @example
 * import { keycloakTokenProfile } from '@dual-auth/adapter-keycloak';
 * import { withDualAuth, getDualSubject } from '@dual-auth/resource/fetch';
 * import { agentHasRole, humanIn } from '@dual-auth/resource';
 *
 * export const handler = withDualAuth(
 *   (request) => Response.json({ human: getDualSubject(request)?.human.sub }),
 *   {
 *     profile: keycloakTokenProfile,
 *     issuer: 'https://kc.example.com/realms/agbac',
 *     audience: 'finance-api',
 *     jwksUri: 'https://kc.example.com/realms/agbac/protocol/openid-connect/certs',
 *     agentAllowed: agentHasRole('FinanceAgent'),
 *     humanAllowed: humanIn(['6f1c2d3e-…']),
 *   },
 * );
 */
export function withDualAuth<Rest extends unknown[]>(
  handler: (request: Request, ...rest: Rest) => Response | Promise<Response>,
  options: (DualAuthGuardOptions | DualAuthGuard) & WithDualAuthOptions,
): (request: Request, ...rest: Rest) => Promise<Response> {
  requireValue(handler, 'handler', 'function');
  // The options checked first (an object, no unknown or inherited name), then their route.
  const guard = toGuard(options, 'withDualAuth', WITH_DUAL_AUTH_OPTIONS);
  const route = options.route;
  if (route !== undefined && typeof route !== 'function') {
    throw new TypeError(
      `options.route must be a function (request) => string that gives the route to audit the request as, such as (request) => '/api/users/:id', got ${route === null ? 'null' : typeof route}`,
    );
  }
  refuseSocketCertificateSource(guard, 'withDualAuth');
  return async (request, ...rest) => {
    const input = {
      ...requestGuardInput(request, route?.(request)),
      reportsStatus: true,
    };
    const decision = await guard.check(input);
    if (decision.decision === 'DENY') return denialResponse(decision);
    subjects.set(request, decision.subject);
    return answerAdmitted(decision, () => handler(request, ...rest));
  };
}
