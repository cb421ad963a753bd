import type { DoctorAdvice, DoctorCheckId, DoctorFix } from '@dual-auth/core';
import { oktaTokenProfile } from './okta-token-profile.js';

const DOCS = 'https://developer.okta.com/docs';
const SERVER = 'Security → API → Authorization Servers → <your server>';

const FIXES: Readonly<Record<DoctorCheckId, DoctorFix>> = {
  'token-endpoint': {
    fix: 'OKTA_TOKEN_URL must be the custom authorization server’s token endpoint (https://<org>/oauth2/<server id>/v1/token), reachable from here.',
    consolePath: `${SERVER} → Settings → Metadata URI`,
    docs: `${DOCS}/concepts/auth-servers/`,
  },
  'client-authentication': {
    fix: 'Set the agent app’s client authentication to "Client secret" with JWT (client_secret_jwt) and check its secret; the assertion audience must be what OKTA_ASSERTION_AUDIENCE says the server expects (its issuer or its token endpoint).',
    consolePath: 'Applications → Applications → <agent app> → General → Client Credentials',
    docs: `${DOCS}/guides/implement-grant-type/clientcreds/main/`,
  },
  human: {
    fix: 'Add an access-token claim "act" whose value is the expression clientAssertion.claims.act, included in the scope the agent requests.',
    consolePath: `${SERVER} → Claims → Add Claim (token type Access Token)`,
    docs: `${DOCS}/guides/customize-tokens-returned-from-okta/main/`,
  },
  audience: {
    fix: 'Set the authorization server’s Audience to the API’s identifier.',
    consolePath: `${SERVER} → Settings → Audience`,
    docs: `${DOCS}/concepts/auth-servers/`,
  },
  scopes: {
    fix: 'Create the scope on the server and let an access-policy rule grant it to the agent app (client credentials).',
    consolePath: `${SERVER} → Scopes, then Access Policies → <policy> → Rules`,
    docs: `${DOCS}/guides/configure-access-policy/main/`,
  },
  'agent-role': {
    fix: 'Okta gives service apps no roles in the token: grant the agent a scope and check it as a scope (--scope).',
    consolePath: `${SERVER} → Access Policies → <policy> → Rules`,
    docs: `${DOCS}/guides/configure-access-policy/main/`,
  },
  lifetime: {
    fix: 'Lower the rule’s "Access token lifetime is" to what the API accepts.',
    consolePath: `${SERVER} → Access Policies → <policy> → Rules → <rule> → Access token lifetime`,
    docs: `${DOCS}/guides/configure-access-policy/main/`,
  },
};

/**
 * What to change in Okta when a `dual-auth doctor` check fails (Okta developer docs: custom
 * authorization servers, claims with expressions, access policies).
 */
export const oktaDoctorAdvice: DoctorAdvice = {
  tokenProfile: oktaTokenProfile,
  fixFor: (check) => FIXES[check],
};
