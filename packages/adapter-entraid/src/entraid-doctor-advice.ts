import type { DoctorAdvice, DoctorAppKeyAdvice, DoctorCheckId, DoctorFix } from '@dual-auth/core';
import type { EntraIdConfig } from './entraid-config.js';
import { entraIdTokenProfile } from './entraid-token-profile.js';

const DOCS = 'https://learn.microsoft.com/entra/identity-platform';
const AGENT = 'Entra admin center → Identity → Applications → App registrations → <agent app>';
const API = 'Entra admin center → Identity → Applications → App registrations → <API app>';

const FIXES: Readonly<Record<DoctorCheckId, DoctorFix>> = {
  'token-endpoint': {
    fix: 'ENTRAID_TOKEN_URL must be https://login.microsoftonline.com/<tenant id>/oauth2/v2.0/token, reachable from here.',
    consolePath: `${AGENT} → Overview → Endpoints`,
    docs: `${DOCS}/v2-oauth2-client-creds-grant-flow`,
  },
  'client-authentication': {
    fix: 'Create a client secret for the agent app and copy its Value (not its ID) into AGENT_CLIENT_SECRET; API_SCOPE must be <Application ID URI>/.default.',
    consolePath: `${AGENT} → Certificates & secrets → Client secrets`,
    docs: `${DOCS}/v2-oauth2-client-creds-grant-flow`,
  },
  human: {
    fix: 'Entra cannot copy "act" into tokens: the app signs an act assertion with APP_PRIVATE_KEY; check APP_ID and API_AUDIENCE, and register the app’s public key with the API.',
    consolePath: `${AGENT} → Certificates & secrets → Certificates`,
    docs: `${DOCS}/certificate-credentials`,
  },
  audience: {
    fix: 'Request the API’s scope (API_SCOPE = <Application ID URI>/.default); "aud" is the API’s Application ID URI or client id.',
    consolePath: `${API} → Expose an API → Application ID URI`,
    docs: `${DOCS}/access-tokens`,
  },
  scopes: {
    fix: 'Client credentials tokens carry app roles, not scopes: check the role (--role) instead.',
    consolePath: `${AGENT} → API permissions`,
    docs: `${DOCS}/v2-oauth2-client-creds-grant-flow`,
  },
  'agent-role': {
    fix: 'Define the app role (allowed member type Application) on the API app, then assign it to the agent app: add it as an application permission of the agent app and grant admin consent (an app role assignment to its service principal), so the token’s "roles" carries it.',
    consolePath: `${AGENT} → API permissions → Add a permission → My APIs → Application permissions → Grant admin consent`,
    docs: `${DOCS}/howto-add-app-roles-in-apps`,
  },
  lifetime: {
    fix: 'Assign a token lifetime policy to the API’s service principal with an AccessTokenLifetime the API accepts.',
    consolePath:
      'Microsoft Graph: POST /policies/tokenLifetimePolicies, then assign it to the service principal',
    docs: `${DOCS}/configurable-token-lifetimes`,
  },
};

const APP_KEY: DoctorAppKeyAdvice = {
  privateKey: (config) => (config as EntraIdConfig).appPrivateKey,
  privateKeyName: 'APP_PRIVATE_KEY or APP_PRIVATE_KEY_PATH',
  alg: 'RS256',
  keyFix: {
    fix: 'Give the app’s RSA private key (at least 2048 bits, PKCS#8 "BEGIN PRIVATE KEY" or PKCS#1 "BEGIN RSA PRIVATE KEY", not encrypted) in APP_PRIVATE_KEY or APP_PRIVATE_KEY_PATH, and set APP_ID to the agent app’s Application (client) ID so the act assertion is issued by the token’s agent.',
    consolePath: `${AGENT} → Overview → Application (client) ID; ${AGENT} → Certificates & secrets → Certificates`,
    docs: `${DOCS}/certificate-credentials`,
  },
  mismatchFix: {
    fix: 'The API holds a different key: deploy the public key of the app key (APP_PRIVATE_KEY or APP_PRIVATE_KEY_PATH; dual-auth jwks <key file>) to the API (boundActAssertion.appKeys, APP_PUBLIC_KEY), or rotate: publish the new public key to the API first, then switch the agent to the new private key.',
    consolePath: `${AGENT} → Certificates & secrets → Certificates (upload the public key the API verifies with)`,
    docs: `${DOCS}/certificate-credentials`,
  },
};

/**
 * What to change in Microsoft Entra ID when a `dual-auth doctor` check fails (Microsoft identity
 * platform docs: client credentials, app roles, certificate credentials, token lifetimes), and
 * the `app-key` check of the app key that signs the act assertion (RS256).
 */
export const entraIdDoctorAdvice: DoctorAdvice = {
  tokenProfile: entraIdTokenProfile,
  fixFor: (check) => FIXES[check],
  appKey: APP_KEY,
};
