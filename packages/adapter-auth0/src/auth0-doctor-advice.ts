import type { DoctorAdvice, DoctorCheckId, DoctorFix } from '@dual-auth/core';
import { auth0TokenProfile } from './auth0-token-profile.js';

const DOCS = 'https://auth0.com/docs';
const API = 'Applications → APIs → <your API>';

const FIXES: Readonly<Record<DoctorCheckId, DoctorFix>> = {
  'token-endpoint': {
    fix: 'AUTH0_TOKEN_URL must be https://<tenant domain>/oauth/token (or the custom domain’s), reachable from here.',
    consolePath:
      'Applications → Applications → <agent app> → Settings → Advanced Settings → Endpoints',
    docs: `${DOCS}/get-started/authentication-and-authorization-flow/client-credentials-flow`,
  },
  'client-authentication': {
    fix: 'Check the agent application’s client id and secret, that it is a Machine to Machine application authorized for the API, and that the assertion audience is the tenant’s https://<domain>/ (Auth0 refuses any other).',
    consolePath: 'Applications → Applications → <agent app> → Credentials',
    docs: `${DOCS}/get-started/applications/application-credentials`,
  },
  human: {
    fix: 'Deploy a credentials-exchange Action that copies the client assertion’s "act" into the access token (api.accessToken.setCustomClaim), and add it to the Machine to Machine flow.',
    consolePath:
      'Actions → Triggers → credentials-exchange (Machine to Machine) → add the Action → Apply',
    docs: `${DOCS}/customize/actions/explore-triggers/machine-to-machine-trigger`,
  },
  audience: {
    fix: 'API_AUDIENCE must be the API’s Identifier, and the token must be requested for it.',
    consolePath: `${API} → Settings → Identifier`,
    docs: `${DOCS}/get-started/apis`,
  },
  scopes: {
    fix: 'Grant the permission the API requires to the agent application, and turn on RBAC with "Add Permissions in the Access Token".',
    consolePath: `${API} → Machine to Machine Applications → <agent app> → Permissions`,
    docs: `${DOCS}/get-started/apis/api-access-policies-for-applications`,
  },
  'agent-role': {
    fix: 'Auth0 gives applications no roles: grant the agent a permission and check it as a scope (--scope).',
    consolePath: `${API} → Machine to Machine Applications → <agent app> → Permissions`,
    docs: `${DOCS}/manage-users/access-control/rbac`,
  },
  lifetime: {
    fix: 'Lower the API’s "Maximum Access Token Lifetime" to what the API accepts.',
    consolePath: `${API} → Settings → Token Settings → Maximum Access Token Lifetime`,
    docs: `${DOCS}/secure/tokens/access-tokens/update-access-token-lifetime`,
  },
};

/**
 * What to change in Auth0 when a `dual-auth doctor` check fails (Auth0 docs: the
 * credentials-exchange Action trigger, API permissions, token lifetime).
 */
export const auth0DoctorAdvice: DoctorAdvice = {
  tokenProfile: auth0TokenProfile,
  fixFor: (check) => FIXES[check],
};
