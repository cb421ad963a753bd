import { agentHasRole, agentHasScope, humanIn } from '@dual-auth/resource';
import { getDualSubject, withDualAuth } from '@dual-auth/resource/fetch';
import { tokenProfiles } from './token-profiles.js';

/** The variables the API reads (Workers bindings, or `process.env` on Node). */
export interface FinanceApiEnv {
  /** keycloak, auth0, okta, entraid or oauth. */
  readonly DUAL_AUTH_VENDOR?: string;
  readonly IDP_ISSUER?: string;
  readonly IDP_AUDIENCE?: string;
  readonly IDP_JWKS_URL?: string;
  /** The agent must hold this role (Keycloak realm role, Entra app role)… */
  readonly API_AGENT_ROLE?: string;
  /** …or this scope (Okta, any OAuth IdP). */
  readonly API_AGENT_SCOPE?: string;
  /** Comma-separated ids of the humans allowed (`act.sub`; for Entra ID also the object ids). */
  readonly FINANCE_USERS?: string;
  /** Entra ID: the app's public key (PEM) that signs the act assertion. */
  readonly APP_PUBLIC_KEY?: string;
}

function required(env: FinanceApiEnv, name: keyof FinanceApiEnv): string {
  const value = env[name];
  if (value === undefined || value === '') {
    throw new Error(`finance-api: set ${name} (see examples/finance-api/.env.example)`);
  }
  return value;
}

/**
 * The protected API as a fetch handler: `GET /api/balance` answers only when the token verifies
 * against the IdP and the agent AND the human are authorized (401/403 otherwise, with the side
 * that failed); anything else is a 404.
 *
 * @throws Error naming the missing variable.
 */
export function createFinanceApi(env: FinanceApiEnv): (request: Request) => Promise<Response> {
  const vendor = required(env, 'DUAL_AUTH_VENDOR');
  const profile = tokenProfiles[vendor];
  if (profile === undefined) throw new Error(`finance-api: no token profile for ${vendor}`);
  const agentAllowed =
    env.API_AGENT_ROLE === undefined
      ? agentHasScope(required(env, 'API_AGENT_SCOPE'))
      : agentHasRole(env.API_AGENT_ROLE);
  const balance = withDualAuth(
    (request: Request) => {
      const subject = getDualSubject(request);
      return Response.json({
        balance: 1234.56,
        agent: subject?.agent.id,
        human: subject?.human.sub,
      });
    },
    {
      profile,
      issuer: required(env, 'IDP_ISSUER'),
      audience: required(env, 'IDP_AUDIENCE'),
      jwksUri: required(env, 'IDP_JWKS_URL'),
      agentAllowed,
      humanAllowed: humanIn(required(env, 'FINANCE_USERS').split(',')),
      // Entra ID cannot put the human in its token: the agent sends an app-signed act assertion.
      ...(profile.legacyHuman === 'bound-act-assertion'
        ? {
            boundActAssertion: {
              actAudience: required(env, 'IDP_AUDIENCE'),
              appKeys: required(env, 'APP_PUBLIC_KEY'),
            },
          }
        : {}),
    },
  );
  return async (request) => {
    const { pathname } = new URL(request.url);
    if (request.method === 'GET' && pathname === '/api/balance') return balance(request);
    return Response.json({ error: 'not_found' }, { status: 404 });
  };
}
