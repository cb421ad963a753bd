/** The variables of an Auth0 setup of worker.ts, as a test sets them (process env or bindings). */
export const AUTH0_WORKER_VARS = {
  DUAL_AUTH_VENDOR: 'auth0',
  IDP_ISSUER: 'https://tenant.auth0.com/',
  IDP_AUDIENCE: 'https://api.example.com/finance',
  IDP_JWKS_URL: 'https://tenant.auth0.com/.well-known/jwks.json',
  API_AGENT_SCOPE: 'read:finance-data',
  FINANCE_USERS: 'auth0|alice',
} as const;
